import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { Clock, ConfigError, PROFILES, checkToken, startReceiver } from '../../src';

const secret = 'test-secret';
const mint = (claims: Record<string, unknown>, iat = Math.floor(Date.now() / 1000), key = secret) =>
  new SignJWT({ email: 'jane@example.com', jti: crypto.randomUUID(), ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(iat).sign(Buffer.from(key));
const result = async (url: string) => (await fetch(url, { redirect: 'manual' })).headers.get('x-receiver-result');

describe('startReceiver', () => {
  test('serves on a free port with an in-memory store; the clock moves every check', async () => {
    const rx = await startReceiver({ secret });
    try {
      expect(rx.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await result(`${rx.url}/jwt/?token=${await mint({})}`)).toBe('accepted');
      const token = await mint({});
      rx.clock.freeze(Date.now() + 121_000);
      expect(await result(`${rx.url}/jwt/?token=${token}`)).toBe('token_expired');
      expect(rx.tenantUrl()).toBe(rx.url);
      expect(rx.tenantUrl('default')).toBe(rx.url);
    } finally {
      await rx.close();
    }
  });

  test('tenants as in the config file, each at tenantUrl(id); an unknown tenant is named', async () => {
    const rx = await startReceiver({
      tenants: [
        { id: 'acme', profile: 'happyfox', secret: 'acme-secret' },
        { id: 'mojo', profile: 'mojo', secrets: ['new', 'old'], options: { futureIatToleranceSeconds: 0 } },
      ],
    });
    try {
      expect(rx.tenantUrl('acme')).toBe(`${rx.url}/t/acme`);
      expect(await result(`${rx.tenantUrl('acme')}/jwt/?token=${await mint({}, undefined, 'acme-secret')}`)).toBe('accepted');
      expect(await result(`${rx.tenantUrl('mojo')}/jwt/consume?token=${await mint({}, undefined, 'old')}`)).toBe('accepted');
      expect(() => rx.tenantUrl('nope')).toThrow('tenantUrl(): no tenant "nope" on this receiver (it serves acme, mojo)');
      expect(() => rx.tenantUrl()).toThrow('no tenant "default"');
      await expect(rx.attempts({ tenant: 'nope' })).rejects.toThrow('attempts(): no tenant "nope"');
    } finally {
      await rx.close();
    }
  });

  test('profile/secret shorthands make or amend the default tenant; a config object adds its tenants', async () => {
    const rx = await startReceiver({
      profile: 'mojo',
      secret,
      config: {
        server: { port: 8080, db: '/nonexistent/never-opened.db' },
        store: { attemptsPerTenant: 5 },
        tenants: [{ id: 'other', profile: 'happyfox', secret: 'x' }],
      },
    });
    try {
      expect(rx.url).not.toMatch(/:8080$/); // the config's server.port does not apply: port 0
      expect(await result(`${rx.url}/jwt/consume?token=${await mint({})}`)).toBe('accepted');
      expect(rx.tenantUrl('other')).toBe(`${rx.url}/t/other`);
    } finally {
      await rx.close();
    }
    const amended = await startReceiver({ secret, config: { tenants: [{ id: 'default', profile: 'mojo', secrets: ['a', 'b'] }] } });
    try {
      expect(await result(`${amended.url}/jwt/consume?token=${await mint({})}`)).toBe('accepted');
    } finally {
      await amended.close();
    }
  });

  test('a config file path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hjr-lib-'));
    try {
      const file = join(dir, 'receiver.json');
      writeFileSync(file, JSON.stringify({ server: { port: 1 }, tenants: [{ id: 'default', profile: 'mojo', secret }] }));
      const rx = await startReceiver({ config: file });
      try {
        expect(await result(`${rx.url}/jwt/consume?token=${await mint({})}`)).toBe('accepted');
      } finally {
        await rx.close();
      }
      writeFileSync(file, JSON.stringify({ tenants: [] }));
      await expect(startReceiver({ config: file })).rejects.toThrow('the default tenant needs a secret');
      await expect(startReceiver({ config: file, tenants: [] })).rejects.toThrow('not both');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad options are ConfigErrors naming the path; a secret is never generated', async () => {
    await expect(startReceiver()).rejects.toThrow(ConfigError);
    await expect(startReceiver()).rejects.toThrow('startReceiver({ secret })');
    await expect(startReceiver({ tenants: [{ id: 'a', profile: 'mojo' }] })).rejects.toThrow('tenants[0].secret is required');
    await expect(startReceiver({ secret, tenants: [{ id: 'x', profile: 'happyfox', secret, whitelist: { mode: 'nope' as 'email' } }] })).rejects.toThrow(
      'tenants[1].whitelist.mode must be one of referer, email, either',
    );
  });

  test('a clock passed in is the one the receiver reads', async () => {
    const clock = new Clock();
    const rx = await startReceiver({ secret, clock });
    try {
      clock.freeze(Date.UTC(2030, 0, 1));
      expect(rx.clock.now()).toBe(Date.UTC(2030, 0, 1));
    } finally {
      await rx.close();
    }
  });

  test('after close() the queries say so', async () => {
    const rx = await startReceiver({ secret });
    await rx.close();
    await rx.close(); // twice is fine
    await expect(rx.attempts()).rejects.toThrow('attempts(): the receiver is closed');
    await expect(rx.reset()).rejects.toThrow('reset(): the receiver is closed');
  });
});

describe('clock', () => {
  test('freeze(at) takes ms or a Date; advance(ms) moves a frozen or running clock; reset() is real time', async () => {
    const rx = await startReceiver({ secret });
    try {
      const t0 = Date.UTC(2026, 0, 15, 12);
      rx.clock.freeze(new Date(t0));
      expect(rx.clock.now()).toBe(t0);
      rx.clock.advance(1500);
      expect(rx.clock.now()).toBe(t0 + 1500);
      rx.clock.freeze(t0 - 1);
      expect(rx.clock.now()).toBe(t0 - 1);
      rx.clock.reset();
      expect(Math.abs(rx.clock.now() - Date.now())).toBeLessThan(1000);
      rx.clock.advance(-60_000);
      expect(Math.abs(rx.clock.now() - (Date.now() - 60_000))).toBeLessThan(1000);
      rx.clock.freeze();
      const frozen = rx.clock.now();
      await new Promise((r) => setTimeout(r, 20));
      expect(rx.clock.now()).toBe(frozen);
      expect(() => rx.clock.freeze(new Date('nope'))).toThrow(TypeError);
      expect(() => rx.clock.advance(Number.NaN)).toThrow('ms must be a finite number');
    } finally {
      await rx.close();
    }
  });
});

describe('checkToken', () => {
  test('gives the verdict without consuming the jti', async () => {
    const token = await mint({});
    const first = await checkToken({ profile: 'happyfox', secret }, token);
    const second = await checkToken({ profile: 'happyfox', secret }, token);
    expect(first.accepted).toBe(true);
    expect(second.accepted).toBe(true);
    expect(first.identity).toMatchObject({ email: 'jane@example.com' });
  });

  test('judges at the instant given', async () => {
    const iat = 1_700_000_000;
    const token = await mint({}, iat);
    expect((await checkToken({ profile: 'mojo', secret }, token, (iat + 120) * 1000)).accepted).toBe(true);
    const late = await checkToken({ profile: 'mojo', secret }, token, (iat + 121) * 1000);
    expect(late).toMatchObject({ accepted: false, code: 'token_expired' });
  });

  test('a bad tenant config is a ConfigError naming the path', async () => {
    await expect(checkToken({ profile: 'nope' as 'mojo', secret }, 'x.y.z')).rejects.toThrow(ConfigError);
    await expect(checkToken({ profile: 'nope' as 'mojo', secret }, 'x.y.z')).rejects.toThrow(
      `tenants[0].profile must be one of ${Object.keys(PROFILES).join(', ')}`,
    );
  });
});
