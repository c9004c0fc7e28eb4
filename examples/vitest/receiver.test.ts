import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReceiver, type Receiver } from 'helpdesk-jwt-receiver';

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver({
    tenants: [
      { id: 'acme', profile: 'happyfox', secret: 'acme-secret' },
      { id: 'support', profile: 'mojo', secret: 'mojo-secret' },
    ],
  });
});
afterAll(() => rx.close());

const sign = (claims: Record<string, unknown>, secret: string) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(secret));

test('a Mojo login creates the user and a session', async () => {
  const token = await sign({ email: 'john@example.com', first_name: 'John' }, 'mojo-secret');
  const res = await fetch(`${rx.tenantUrl('support')}/jwt/consume?token=${token}`, { redirect: 'manual' });
  expect(res.headers.get('x-receiver-result')).toBe('accepted');
  expect(await rx.users({ tenant: 'support' })).toMatchObject([{ email: 'john@example.com', firstName: 'John' }]);
  expect(await rx.sessions({ tenant: 'support' })).toHaveLength(1);
});

test('HappyFox refuses a token signed with the wrong key, and says so', async () => {
  const token = await sign({ email: 'jane@example.com', jti: crypto.randomUUID() }, 'not-the-key');
  await fetch(`${rx.tenantUrl('acme')}/jwt/?token=${token}`, { redirect: 'manual' });
  expect(await rx.lastAttempt({ tenant: 'acme' })).toMatchObject({ accepted: false, code: 'signature_invalid' });
});
