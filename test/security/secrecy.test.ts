/**
 * DESIGN.md: "Full tokens are never written to logs or to the attempts table, and a secret never
 * appears anywhere but in the start-up banner of a key the receiver generated itself." After a mix
 * of accepted and refused logins, nothing in the SQLite file (every column of every table, and the
 * raw bytes of the database and its WAL), in the debug-level log, or in any response carries a
 * token, its signature, its signing input, a secret, a session cookie value or a query string.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { Clock } from '../../src/clock';
import { parseConfig } from '../../src/config/load';
import { startServer, type RunningServer } from '../../src/server';
import { T0, T0_MS, freshJti, request, sign, type Answer } from '../helpers/receiver';
import { partsOf, rawGet } from './support';

const HF_SECRET = 'hf-secret-Zq8Xw2Lr5Tn9Vb3Mk7Pd1Hs4';
const MOJO_NEW = 'mojo-new-secret-Ae6Yu0Io2Pq4Wr8T';
const MOJO_OLD = 'mojo-old-secret-Gh3Jk5Lz7Xc9Vb1N';
const WL_SECRET = 'wl-secret-Qa1Ws2Ed3Rf4Tg5Yh6Uj7';
const SECRETS = [HF_SECRET, MOJO_NEW, MOJO_OLD, WL_SECRET];

let running: RunningServer;
let dir: string;
let dbPath: string;
const logLines: string[] = [];
const tokens: string[] = [];
const cookies: string[] = [];
const answers: Answer[] = [];
const queries: string[] = [];

/** Remembers what must never be stored or logged, then sends it. */
async function send(path: string, params: Record<string, string>, init: { json?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  if (params.token) tokens.push(params.token);
  const query = new URLSearchParams(params).toString();
  queries.push(query);
  const res = await request(`${running.url}${path}?${query}`, init);
  answers.push(res);
  const cookie = /^hjr_session_[a-z0-9-]+=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (cookie) cookies.push(cookie[1] as string);
  return res;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hjr-secrecy-'));
  dbPath = join(dir, 'receiver.db');
  const config = parseConfig(
    {
      server: { port: 0, db: dbPath, logLevel: 'debug' },
      tenants: [
        { id: 'default', profile: 'happyfox', secret: HF_SECRET },
        { id: 'mojo', profile: 'mojo', secrets: [MOJO_NEW, MOJO_OLD] },
        { id: 'wl', profile: 'happyfox', secret: WL_SECRET, whitelist: { enabled: true, mode: 'referer', domains: ['idp.example.com'] } },
      ],
    },
    'secrecy test',
  );
  const clock = new Clock();
  clock.freeze(T0_MS);
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  running = await startServer({ ...config, generatedSecretTenants: [] }, { clock, logger });

  const hf = (extra: Record<string, unknown> = {}, secret = HF_SECRET) =>
    sign({ iat: T0, jti: freshJti(), email: 'jane@example.com', name: 'Jane', ...extra }, secret);
  const mojo = (secret: string) => sign({ iat: T0, email: 'john@example.com', first_name: 'John', last_name: secret.slice(0, 8) }, secret);

  // Accepted: HappyFox with return_to; Mojo with the current and with the previous secret.
  const accepted = await hf();
  expect((await send('/jwt/', { token: accepted, return_to: '/tickets' })).result).toBe('accepted');
  expect((await send('/t/mojo/jwt/consume', { token: await mojo(MOJO_NEW) })).result).toBe('accepted');
  expect((await send('/t/mojo/jwt/consume', { token: await mojo(MOJO_OLD) })).result).toBe('accepted');
  // Accepted from a whitelisted IdP page whose own URL carries a secret-looking query.
  const fromIdp = await hf({}, WL_SECRET);
  expect((await send('/t/wl/jwt/', { token: fromIdp }, { headers: { Referer: 'https://idp.example.com/sso?ticket=IDP-TICKET-42' } })).result).toBe('accepted');

  // Refused, each in its own way.
  expect((await send('/jwt/', { token: accepted }, { json: true })).result).toBe('token_replayed');
  expect((await send('/jwt/', { token: await hf({ iat: T0 - 500 }) })).result).toBe('token_expired');
  expect((await send('/jwt/', { token: await hf({}, 'wrong-secret-0123456789abcdefghij') }, { json: true })).result).toBe('signature_invalid');
  expect((await send('/jwt/', { token: await hf({}, MOJO_NEW) })).result).toBe('signature_invalid');
  const [h, p, s] = partsOf(await hf());
  expect((await send('/jwt/', { token: `${h}.${p}.${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}` })).result).toMatch(/token_malformed|signature_invalid/);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
  expect((await send('/jwt/', { token: none }, { json: true })).result).toBe('alg_not_allowed');
  expect((await send('/jwt/', { token: await hf({ email: 'not-an-address' }) })).result).toBe('claim_invalid');
  expect((await send('/t/wl/jwt/', { token: await hf({}, WL_SECRET) }, { headers: { Referer: `${running.url}/jwt/?token=${accepted}` } })).result).toBe(
    'domain_not_whitelisted',
  );
  expect((await send('/t/wl/jwt/', { token: await hf({}, WL_SECRET) }, { json: true })).result).toBe('referer_missing');
  expect((await send('/jwt/', { token: await hf({ name: 'x'.repeat(9000) }) })).result).toBe('token_too_large');
  expect((await send('/t/nope/jwt/', { token: await hf() }, { json: true })).result).toBe('tenant_unknown');
  // Wrong path (route_unknown) and wrong method (405), each with a token in the query.
  expect((await send('/jwt', { token: await hf() }, { json: true })).result).toBe('route_unknown');
  expect((await send('/jwt/consume', { token: await hf() })).result).toBe('route_unknown');
  const posted = await hf();
  tokens.push(posted);
  answers.push(await request(`${running.url}/jwt/?token=${posted}`, { method: 'POST' }));
  expect(answers[answers.length - 1]?.status).toBe(405);
  const repeated = await hf();
  tokens.push(repeated);
  queries.push(`token=${repeated}&token=${repeated}`);
  answers.push(await request(`${running.url}/jwt/?token=${repeated}&token=${repeated}`));
  expect(answers[answers.length - 1]?.result).toBe('token_repeated');
  // Over maxUrlBytes (the app's 414) and over Node's header limit (its parser's 431).
  const longToken = await hf({ name: 'y'.repeat(14000) });
  tokens.push(longToken);
  answers.push(await request(`${running.url}/jwt/?token=${longToken}`, { json: true }));
  expect(answers[answers.length - 1]?.result).toBe('request_too_large');
  const hugeToken = await hf({ name: 'z'.repeat(60000) });
  tokens.push(hugeToken);
  const raw = await rawGet(running.url, `/jwt/?token=${hugeToken}`);
  expect(raw.headers['x-receiver-result']).toBe('request_too_large');
  expect(raw.body).not.toContain(partsOf(hugeToken)[2]);
  expect(cookies).toHaveLength(3 + 1);
});

afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Everything that must never be written down: tokens, their signatures and signing inputs, secrets. */
function forbidden(): Array<[string, string]> {
  const out: Array<[string, string]> = SECRETS.map((s) => ['a secret', s]);
  for (const t of tokens) {
    const [h, p, s] = partsOf(t);
    out.push(['a token', t], ['a signing input', `${h}.${p}`]);
    if (s && s.length >= 20) out.push(['a signature', s]);
  }
  return out;
}

function expectFreeOfSecrets(where: string, text: string): void {
  for (const [what, value] of forbidden()) {
    if (text.includes(value)) throw new Error(`${where} contains ${what}: ${value.slice(0, 24)}...`);
  }
}

describe('the SQLite file', () => {
  test('no column of any table holds a token, a signature, a signing input or a secret', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      expect(tables).toEqual(expect.arrayContaining(['attempts', 'users', 'sessions', 'replay_ledger', 'settings']));
      let cells = 0;
      for (const table of tables) {
        const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>;
        for (const [i, row] of rows.entries()) {
          for (const [column, value] of Object.entries(row)) {
            cells += 1;
            expectFreeOfSecrets(`${table}[${i}].${column}`, Buffer.isBuffer(value) ? value.toString('latin1') : String(value));
          }
        }
      }
      expect(cells).toBeGreaterThan(100); // the dump really saw the attempts
      const attempts = db.prepare('SELECT COUNT(*) FROM attempts').pluck().get() as number;
      expect(attempts).toBeGreaterThanOrEqual(14);
    } finally {
      db.close();
    }
  });

  test('the raw bytes of the database and its WAL hold none of them either, nor the random part of a session cookie', () => {
    for (const file of [dbPath, `${dbPath}-wal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file).toString('latin1');
      expectFreeOfSecrets(file, bytes);
      for (const cookie of cookies) expect(bytes).not.toContain(cookie.slice(cookie.indexOf('.') + 1));
    }
  });

  test('sessions keep the SHA-256 of the cookie value (behind its creation time), never the value or its random part', () => {
    const db = new Database(dbPath, { readonly: true });
    // A cookie is `<creation time>.<256 random bits>`: the random part is the secret.
    const randomParts = cookies.map((cookie) => cookie.slice(cookie.indexOf('.') + 1));
    try {
      const rows = db.prepare('SELECT * FROM sessions').all() as Array<Record<string, unknown>>;
      expect(rows.length).toBe(cookies.length);
      const dump = JSON.stringify(rows);
      for (const [i, cookie] of cookies.entries()) {
        expect(randomParts[i]).toHaveLength(43);
        expect(dump).not.toContain(randomParts[i]);
        expect(rows.map((r) => r.id_hash)).toContain(`${cookie.slice(0, 10)}${createHash('sha256').update(cookie).digest('base64url')}`);
      }
      const everything = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[])
        .map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all()))
        .join('\n');
      for (const secret of randomParts) expect(everything).not.toContain(secret);
    } finally {
      db.close();
    }
  });

  test('a Referer is stored without its query string', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const referers = db.prepare('SELECT referer FROM attempts WHERE referer IS NOT NULL').pluck().all() as string[];
      expect(referers).toEqual(expect.arrayContaining(['https://idp.example.com/sso', `${running.url}/jwt/`]));
      for (const r of referers) expect(r).not.toContain('?');
      const all = (db.prepare('SELECT * FROM attempts').all() as unknown[]).map((r) => JSON.stringify(r)).join('\n');
      expect(all).not.toContain('IDP-TICKET-42');
    } finally {
      db.close();
    }
  });
});

describe('the debug-level log', () => {
  test('it was written (one line per request, at least)', () => {
    expect(logLines.length).toBeGreaterThanOrEqual(15);
    expect(logLines.join('')).toContain('"path":"/jwt/"');
  });

  test('it never holds a token, a signature, a signing input, a secret or a session cookie', () => {
    expectFreeOfSecrets('the log', logLines.join(''));
    for (const cookie of cookies) expect(logLines.join('')).not.toContain(cookie.slice(cookie.indexOf('.') + 1));
  });

  test('it never holds a query string or a cookie value', () => {
    const log = logLines.join('');
    expect(log).not.toMatch(/[?&]token=/);
    expect(log).not.toContain('token=');
    expect(log).not.toContain('return_to=');
    expect(log).not.toContain('IDP-TICKET-42');
    for (const q of queries) expect(log).not.toContain(q);
    for (const c of cookies) expect(log).not.toContain(c);
  });
});

describe('the responses', () => {
  test('no body or header echoes a token, a signature or a secret', () => {
    expect(answers.length).toBeGreaterThanOrEqual(16);
    for (const [i, res] of answers.entries()) {
      expectFreeOfSecrets(`response #${i} body`, res.body);
      expectFreeOfSecrets(`response #${i} headers`, JSON.stringify([...res.headers.entries()]));
    }
  });
});
