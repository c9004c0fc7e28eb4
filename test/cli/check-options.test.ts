import { sign } from '../helpers/receiver';
import { assertBuilt, runCli } from './harness';

beforeAll(assertBuilt);

const secret = 'options-secret-0123';
const at = '2026-01-15T12:00:00Z';
const t0 = Date.parse(at) / 1000;

describe('check --option: the tenant options of the config file', () => {
  test('maxIatAgeSeconds=300 accepts a HappyFox token 200 s old that the default refuses', async () => {
    const token = await sign({ iat: t0 - 200, jti: 'opt-1', email: 'o@example.com' }, secret);
    const strict = await runCli(['check', '--profile', 'happyfox', '--secret', secret, '--at', at, token]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('iat is 200 s old; HappyFox accepts 120 s');
    const relaxed = await runCli(['check', '--profile', 'happyfox', '--secret', secret, '--at', at, '--option', 'maxIatAgeSeconds=300', token]);
    expect(relaxed.code).toBe(0);
  });

  test('Deskpro strictDocs=true requires what the admin guide requires', async () => {
    const token = await sign({ email: 'd@example.com', name: 'D', iat: t0 }, secret);
    expect((await runCli(['check', '--profile', 'deskpro', '--secret', secret, '--at', at, token])).code).toBe(0);
    const strict = await runCli(['check', '--profile', 'deskpro', '--secret', secret, '--at', at, '--option', 'strictDocs=true', '--json', token]);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ accepted: false, code: 'claim_missing' });
  });

  test('an unknown option, or one of another vendor, is a usage error (exit 2) naming it', async () => {
    const token = await sign({ iat: t0, jti: 'opt-2', email: 'o@example.com' }, secret);
    const unknown = await runCli(['check', '--profile', 'happyfox', '--secret', secret, '--option', 'bogus=1', token]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--option bogus is not a known setting');
    const foreign = await runCli(['check', '--profile', 'happyfox', '--secret', secret, '--option', 'strictDocs=true', token]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('--option strictDocs is a deskpro option');
    expect((await runCli(['check', '--profile', 'happyfox', '--secret', secret, '--option', 'novalue', token])).code).toBe(2);
  });
});
