import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_DEFAULTS, STORE_DEFAULTS, TENANT_OPTION_DEFAULTS, WHITELIST_DEFAULTS, valuesOf } from '../../src/config/defaults';
import { formatPath, loadConfig, parseConfig, type ConfigOverrides } from '../../src/config/load';
import { PROFILE_IDS } from '../../src/vendors';

const PROFILE_LIST = PROFILE_IDS.join(', ');
import { configError, problemsOf, tenant } from './support';
import { OUT_OF_THE_BOX_IDS } from '../helpers/out-of-the-box';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hjr-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
/** Writes a config file (an object is JSON-encoded, a string written as is) and returns its path. */
function configFile(content: unknown): string {
  const path = join(dir, `config-${++fileCounter}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const loadProblems = (overrides: ConfigOverrides) => configError(() => loadConfig(overrides)).problems;

const TENANT_OPTIONS = {
  futureIatToleranceSeconds: 5,
  maxIatAgeSeconds: null,
  strictTypes: null,
  strict: false,
  maxTokenBytes: 8192,
  publicKey: null,
  maxJtiLength: 255,
  sessionTtlSeconds: 28800,
  replayMarginSeconds: 60,
};
const WHITELIST = { enabled: false, mode: 'referer', domains: [], allowMissingReferer: false };

describe('defaults', () => {
  test('with nothing given: 127.0.0.1:8080, the default db, a default HappyFox tenant and one tenant of every other vendor, all with generated secrets', () => {
    const config = loadConfig();
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      db: '.receiver/receiver.db',
      trustProxy: false,
      logLevel: 'info',
      busyTimeoutMs: 2000,
      maxUrlBytes: 16384,
      adminToken: null,
    });
    expect(config.store).toEqual({ attemptsPerTenant: 10000, sessionsPerTenant: 10000, housekeepingIntervalSeconds: 60 });
    expect(config.tenants.map((t) => [t.id, t.profile])).toEqual([
      ['default', 'happyfox'],
      ['canny', 'canny'],
      ['deskpro', 'deskpro'],
      ['discourse', 'discourse'],
      ['freshdesk-simple-sso', 'freshdesk-simple-sso'],
      ['freshdesk-sso-v2', 'freshdesk-sso-v2'],
      ['helpscout-docs', 'helpscout-docs'],
      ['kayako', 'kayako'],
      ['mojo', 'mojo'],
      ['zendesk', 'zendesk'],
      ['zendesk-messaging', 'zendesk-messaging'],
      ['zoho-asap', 'zoho-asap'],
    ]);
    // Freshworks verifies with the IdP's public key: no secret to make up, so no out-of-the-box tenant.
    expect(config.tenants.map((t) => t.profile).sort()).toEqual(PROFILE_IDS.filter((id) => id !== 'freshworks').sort());
    expect(config.tenants[0]).toEqual({ id: 'default', profile: 'happyfox', options: TENANT_OPTIONS, whitelist: WHITELIST });
    expect(config.tenants.filter((t) => t.secret !== undefined || t.secrets !== undefined)).toEqual([]);
    expect(config.generatedSecretTenants).toEqual(OUT_OF_THE_BOX_IDS);
  });

  test('--profile or --secret alone serves the one default tenant they describe', () => {
    expect(loadConfig({ profile: 'mojo' }).tenants.map((t) => [t.id, t.profile])).toEqual([['default', 'mojo']]);
    const withSecret = loadConfig({ secret: 'given' });
    expect(withSecret.tenants.map((t) => [t.id, t.profile, t.secret])).toEqual([['default', 'happyfox', 'given']]);
    expect(withSecret.generatedSecretTenants).toEqual([]);
  });

  test('the defaults are the ones documented in defaults.ts', () => {
    const config = parseConfig({ tenants: [tenant('a')] });
    expect(config.server).toEqual(valuesOf(SERVER_DEFAULTS));
    expect(config.store).toEqual(valuesOf(STORE_DEFAULTS));
    expect(config.tenants[0]!.options).toEqual(valuesOf(TENANT_OPTION_DEFAULTS));
    expect(config.tenants[0]!.whitelist).toEqual(valuesOf(WHITELIST_DEFAULTS));
  });

  test('a partial tenant options / whitelist object is completed with the defaults', () => {
    const config = parseConfig({ tenants: [tenant('a', { options: { maxIatAgeSeconds: 300 }, whitelist: { enabled: true } })] });
    expect(config.tenants[0]!.options).toEqual({ ...TENANT_OPTIONS, maxIatAgeSeconds: 300 });
    expect(config.tenants[0]!.whitelist).toEqual({ ...WHITELIST, enabled: true });
  });

  test('a file without tenants gets the out-of-the-box tenants with generated secrets; its server values are kept', () => {
    const config = loadConfig({ config: configFile({ server: { port: 9999, trustProxy: true } }) });
    expect(config.server).toMatchObject({ port: 9999, trustProxy: true, host: '127.0.0.1' });
    expect(config.tenants.map((t) => t.id)).toEqual(OUT_OF_THE_BOX_IDS);
    expect(config.generatedSecretTenants).toEqual(OUT_OF_THE_BOX_IDS);
  });

  test('a file with tenants but no default tenant gets no default tenant', () => {
    const config = loadConfig({ config: configFile({ tenants: [tenant('acme')] }) });
    expect(config.tenants.map((t) => t.id)).toEqual(['acme']);
    expect(config.generatedSecretTenants).toEqual([]);
  });

  test("a file's default tenant without a secret stops start-up (a missing secret is an error), unless --secret gives it one", () => {
    const file = configFile({ tenants: [{ id: 'default', profile: 'mojo' }, tenant('acme')] });
    expect(() => loadConfig({ config: file })).toThrow(/tenants\[0\]\.secret is required/);
    const config = loadConfig({ config: file, secret: 'from-flag' });
    expect(config.tenants[0]).toMatchObject({ id: 'default', profile: 'mojo', secret: 'from-flag' });
    expect(config.generatedSecretTenants).toEqual([]);
  });
});

describe('flags override the file', () => {
  const fileServer = { host: '0.0.0.0', port: 9000, db: 'file.db', logLevel: 'debug', trustProxy: true, busyTimeoutMs: 50 };

  test('--host, --port, --db and --log-level beat the file; the file keeps the rest', () => {
    const config = loadConfig({ config: configFile({ server: fileServer }), host: '127.0.0.2', port: 7000, db: 'flag.db', logLevel: 'warn' });
    expect(config.server).toEqual({ ...fileServer, host: '127.0.0.2', port: 7000, db: 'flag.db', logLevel: 'warn', maxUrlBytes: 16384, adminToken: null });
  });

  test('--port 0 is a value, not an absent flag', () => {
    expect(loadConfig({ config: configFile({ server: fileServer }), port: 0 }).server.port).toBe(0);
  });

  test('without flags the file wins over the defaults', () => {
    expect(loadConfig({ config: configFile({ server: fileServer }) }).server).toMatchObject(fileServer);
  });

  test("--secret replaces the file's default tenant secret (and its secrets list); other tenants are untouched", () => {
    const path = configFile({ tenants: [tenant('acme'), { id: 'default', profile: 'happyfox', secrets: ['old-1', 'old-2'] }] });
    const config = loadConfig({ config: path, secret: 'from-flag' });
    expect(config.tenants.map((t) => t.id)).toEqual(['acme', 'default']);
    expect(config.tenants[1]).toMatchObject({ id: 'default', secret: 'from-flag' });
    expect(config.tenants[1]!.secrets).toBeUndefined();
    expect(config.tenants[0]).toMatchObject({ id: 'acme', secret: 'acme-secret' });
    expect(config.generatedSecretTenants).toEqual([]);
  });

  test("--profile changes the file's default tenant profile", () => {
    const config = loadConfig({ config: configFile({ tenants: [tenant('default')] }), profile: 'mojo' });
    expect(config.tenants[0]).toMatchObject({ id: 'default', profile: 'mojo', secret: 'default-secret' });
  });

  test('--secret with a file that has no default tenant adds one first, with that secret', () => {
    const config = loadConfig({ config: configFile({ tenants: [tenant('acme')] }), secret: 'from-flag' });
    expect(config.tenants.map((t) => t.id)).toEqual(['default', 'acme']);
    expect(config.tenants[0]).toMatchObject({ id: 'default', profile: 'happyfox', secret: 'from-flag' });
    expect(config.generatedSecretTenants).toEqual([]);
  });

  test('--profile alone with a file that has no default tenant adds one with a generated secret', () => {
    const config = loadConfig({ config: configFile({ tenants: [tenant('acme')] }), profile: 'mojo' });
    expect(config.tenants[0]).toMatchObject({ id: 'default', profile: 'mojo' });
    expect(config.generatedSecretTenants).toEqual(['default']);
  });

  test('the file is not changed by loading it', () => {
    const raw = { server: fileServer, tenants: [tenant('default')] };
    const path = configFile(raw);
    loadConfig({ config: path, port: 1, secret: 'x' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(raw);
  });

  test('a flag value is validated like a file value', () => {
    expect(loadProblems({ port: 70000 })).toEqual(['server.port must be at most 65535']);
    expect(loadProblems({ logLevel: 'loud' })).toEqual(['server.logLevel must be one of fatal, error, warn, info, debug, silent']);
    expect(loadProblems({ profile: 'gorgias-classic' })).toEqual([`tenants[0].profile must be one of ${PROFILE_LIST}`]);
    expect(loadProblems({ secret: '' })).toEqual(['tenants[0].secret must not be empty']);
  });
});

describe('every problem is named by its exact path', () => {
  test('formatPath', () => {
    expect(formatPath(['tenants', 1, 'whitelist', 'mode'])).toBe('tenants[1].whitelist.mode');
    expect(formatPath(['tenants', 0, 'whitelist', 'domains', 2])).toBe('tenants[0].whitelist.domains[2]');
    expect(formatPath(['server', 'port'])).toBe('server.port');
    expect(formatPath([])).toBe('(top level)');
  });

  test('an unknown enum value', () => {
    expect(problemsOf({ tenants: [tenant('a', { profile: 'gorgias-classic' })] })).toEqual([`tenants[0].profile must be one of ${PROFILE_LIST}`]);
    expect(problemsOf({ tenants: [tenant('a'), tenant('b', { whitelist: { mode: 'host' } })] })).toEqual([
      'tenants[1].whitelist.mode must be one of referer, email, either',
    ]);
  });

  test('a wrong type', () => {
    expect(problemsOf({ server: { port: '8080' } })).toEqual(['server.port must be a number (got string)']);
    expect(problemsOf({ tenants: [tenant('a', { options: { strictTypes: 'yes' } })] })).toEqual([
      'tenants[0].options.strictTypes must be a boolean (got string)',
    ]);
    expect(problemsOf({ tenants: [tenant('a', { whitelist: { domains: 'example.com' } })] })).toEqual([
      expect.stringMatching(/^tenants\[0\]\.whitelist\.domains must be an? array \(got string\)$/),
    ]);
  });

  test('a missing required value', () => {
    expect(problemsOf({ tenants: [{ secret: 'x' }] })).toEqual(['tenants[0].id is required', 'tenants[0].profile is required']);
    expect(problemsOf({ tenants: [tenant('a'), { id: 'b', profile: 'mojo' }] })).toEqual(['tenants[1].secret is required (or secrets: [...])']);
  });

  test('a missing secret is not an error for a tenant whose secret is generated', () => {
    expect(parseConfig({ tenants: [{ id: 'default', profile: 'happyfox' }] }, 'test', ['default']).tenants[0]!.id).toBe('default');
  });

  test('an unknown key, at any depth (with the setting it was probably meant to be)', () => {
    expect(problemsOf({ sever: {}, tenants: [tenant('a', { whitelist: { domain: [] }, options: { maxIatAge: 300 } })] })).toEqual(
      expect.arrayContaining([
        'sever is not a known setting; did you mean server?',
        'tenants[0].whitelist.domain is not a known setting; did you mean domains?',
        'tenants[0].options.maxIatAge is not a known setting; did you mean maxIatAgeSeconds?',
      ]),
    );
    expect(problemsOf({ server: { prot: 80 } })).toEqual(['server.prot is not a known setting; did you mean port?']);
  });

  test('numbers out of range', () => {
    expect(problemsOf({ server: { port: 65536 } })).toEqual(['server.port must be at most 65535']);
    expect(problemsOf({ server: { port: -1 } })).toEqual(['server.port must be at least 0']);
    expect(problemsOf({ tenants: [tenant('a', { options: { maxTokenBytes: 100 } })] })).toEqual(['tenants[0].options.maxTokenBytes must be at least 256']);
    expect(problemsOf({ tenants: [tenant('a', { options: { futureIatToleranceSeconds: -5 } })] })).toEqual([
      'tenants[0].options.futureIatToleranceSeconds must be at least 0',
    ]);
  });

  test("a fraction where whole seconds are expected says so (the schema's own message)", () => {
    expect(problemsOf({ tenants: [tenant('a', { options: { replayMarginSeconds: 1.5 } })] })).toEqual([
      'tenants[0].options.replayMarginSeconds must be a whole number',
    ]);
  });

  test('empty strings and lists', () => {
    expect(problemsOf({ tenants: [tenant('a', { secret: '' })] })).toEqual(['tenants[0].secret must not be empty']);
    expect(problemsOf({ tenants: [{ id: 'a', profile: 'happyfox', secrets: [] }] })).toEqual([
      expect.stringMatching(/^tenants\[0\]\.secrets must list at least (1|one)/),
    ]);
    expect(problemsOf({ tenants: [{ id: 'a', profile: 'happyfox', secrets: ['ok', ''] }] })).toEqual(['tenants[0].secrets[1] must not be empty']);
  });

  test('a tenant id that cannot be a path segment', () => {
    expect(problemsOf({ tenants: [tenant('Acme Corp')] })).toEqual([
      'tenants[0].id must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit',
    ]);
  });

  test('a URL that is not http(s)', () => {
    expect(parseConfig({ tenants: [tenant('a', { remoteLoginUrl: 'https://idp.example.com/login' })] }).tenants[0]!.remoteLoginUrl).toBe(
      'https://idp.example.com/login',
    );
    expect(problemsOf({ tenants: [tenant('a', { remoteLoginUrl: 'ftp://idp.example.com/login' })] })).toEqual([
      'tenants[0].remoteLoginUrl must be an http or https URL',
    ]);
    expect(problemsOf({ tenants: [tenant('a', { remoteLogoutUrl: 'javascript:alert(1)' })] })).toEqual([
      'tenants[0].remoteLogoutUrl must be an http or https URL',
    ]);
  });

  test('a remote URL that is not a URL at all is a ConfigError with its path, not a TypeError', () => {
    expect(problemsOf({ tenants: [tenant('a', { remoteLoginUrl: 'idp.example.com/login' })] })).toEqual(['tenants[0].remoteLoginUrl must be an absolute URL']);
  });

  test('a duplicate tenant id names the repeat and the first', () => {
    expect(problemsOf({ tenants: [tenant('acme'), tenant('beta'), tenant('acme')] })).toEqual(['tenants[2].id repeats the id of tenants[0] (acme)']);
  });

  test('secret and secrets both given is an error', () => {
    expect(problemsOf({ tenants: [tenant('a'), { id: 'b', profile: 'mojo', secret: 'x', secrets: ['y'] }] })).toEqual([
      'tenants[1].secrets give either secret or secrets, not both',
    ]);
  });

  test('secrets alone is fine, in order', () => {
    expect(parseConfig({ tenants: [{ id: 'a', profile: 'mojo', secrets: ['new', 'old'] }] }).tenants[0]!.secrets).toEqual(['new', 'old']);
  });

  test('every problem is reported at once, and the message starts with the source', () => {
    const err = configError(() => parseConfig({ server: { port: 'x', host: '' }, tenants: [tenant('a', { profile: 'nope' })] }, 'receiver.json'));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'server.port must be a number (got string)',
        'server.host must not be empty',
        `tenants[0].profile must be one of ${PROFILE_LIST}`,
      ]),
    );
    expect(err.problems).toHaveLength(3);
    expect(err.message).toBe(`receiver.json: invalid configuration\n  - ${err.problems.join('\n  - ')}`);
  });

  test('a top level, server or tenant that is not an object', () => {
    expect(problemsOf([])).toEqual([expect.stringMatching(/^\(top level\) must be an? object/)]);
    expect(problemsOf({ tenants: {} })).toEqual([expect.stringMatching(/^tenants must be an? array \(got object\)$/)]);
    expect(problemsOf({ tenants: [null] })).toEqual([expect.stringMatching(/^tenants\[0\] must be an? object \(got null\)$/)]);
    expect(problemsOf({ server: 8080 })).toEqual([expect.stringMatching(/^server must be an? object \(got number\)$/)]);
  });
});

describe('loading a file', () => {
  test('bad JSON names the file', () => {
    const path = configFile('{"tenants": [,]}');
    const err = configError(() => loadConfig({ config: path }));
    expect(err.message.startsWith(`${path}: invalid configuration`)).toBe(true);
    expect(err.problems).toEqual([expect.stringMatching(/^is not valid JSON at line 1, column 14: /)]);
  });

  test('a nonexistent file names the file', () => {
    const path = join(dir, 'missing.json');
    const err = configError(() => loadConfig({ config: path }));
    expect(err.message.startsWith(`${path}: invalid configuration`)).toBe(true);
    expect(err.problems).toEqual([expect.stringMatching(/^cannot read the file: .*ENOENT/)]);
  });

  test('JSON that is not an object', () => {
    for (const text of ['[]', 'null', '42', '"text"']) {
      expect(configError(() => loadConfig({ config: configFile(text) })).problems).toEqual(['(top level) must be a JSON object']);
    }
  });

  test('schema problems name the file and the path', () => {
    const path = configFile({ tenants: [tenant('a'), tenant('b', { whitelist: { mode: 'x' } })] });
    const err = configError(() => loadConfig({ config: path }));
    expect(err.message).toBe(`${path}: invalid configuration\n  - tenants[1].whitelist.mode must be one of referer, email, either`);
  });

  test('problems from flags alone say "command line"', () => {
    expect(configError(() => loadConfig({ port: 70000 })).message).toBe('command line: invalid configuration\n  - server.port must be at most 65535');
  });

  test.each([
    ['null', null],
    ['a string', 'localhost:8080'],
    ['an array', [8080]],
  ])('"server" as %s in a file is refused, not silently reshaped', (_, server) => {
    expect(configError(() => loadConfig({ config: configFile({ server }) })).problems).toEqual([expect.stringMatching(/^server must be an? object/)]);
  });

  test('"tenants" that is not a list in a file is refused', () => {
    expect(configError(() => loadConfig({ config: configFile({ tenants: 'acme' }) })).problems).toEqual([expect.stringMatching(/^tenants must be an? array/)]);
    expect(configError(() => loadConfig({ config: configFile({ tenants: { id: 'default' } }), secret: 'x' })).problems).toEqual([
      expect.stringMatching(/^tenants must be an? array/),
    ]);
  });
});
