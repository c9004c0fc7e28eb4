import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { T0, freshJti, startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { b64u, refuse } from './support';

/**
 * A Deskpro tenant set to RS256: a token HMAC-signed with the public key's PEM text (the
 * algorithm-confusion attack) is said to be one; an RS256 header over a PSS signature, or a
 * signature over the raw JSON, is named; another private key gets the plain message.
 */

const TENANT_SECRET = 'unused-for-rs256-0123456789';
const ROUTE = { tenantPath: '/t/rs', path: '/login/authenticate-callback/1', param: 'jwt' };
const DESKPRO_SIGNATURE_MESSAGE = 'JWT authentication failed';
const claims = () => ({ jti: freshJti(), iat: T0, exp: T0 + 300, id: 42, email: 'agent.smith@example.com', name: 'Agent Smith' });

let rx: TestReceiver;
let privateKey: KeyObject;
let publicPem: string;
beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKey = pair.privateKey;
  // The PEM as one pastes it into a config: the SPKI form, with its final newline.
  publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'happyfox', secret: 'x'.repeat(20) },
      { id: 'rs', profile: 'deskpro', secret: TENANT_SECRET, options: { algorithm: 'RS256', publicKey: publicPem } },
    ],
  });
});
afterAll(() => rx.stop());

/** `<header>.<payload>` with an RS256 (or `alg`) header, and the parts for signing. */
function parts(alg = 'RS256'): { h: string; p: string } {
  return { h: b64u(JSON.stringify({ alg, typ: 'JWT' })), p: b64u(JSON.stringify(claims())) };
}

test('a token HMAC-signed with the public key text is the algorithm-confusion attack: alg_not_allowed, and said so', async () => {
  const { h, p } = parts('HS256');
  const token = `${h}.${p}.${createHmac('sha256', publicPem).update(`${h}.${p}`).digest('base64url')}`;
  const { answer, body } = await refuse(rx, token, [TENANT_SECRET], ROUTE);
  expect({ status: answer.status, result: answer.result }).toEqual({ status: 401, result: 'alg_not_allowed' });
  expect(body).toMatchObject({ error: 'alg_not_allowed', check: 'alg', finding: 'alg_confusion_public_key' });
  expect(body.detail).toBe(
    'alg "HS256" is not accepted; Deskpro accepts only RS256; the token is HMAC-signed (HS256) with the tenant\'s RSA public key as the secret: the algorithm-confusion attack (RFC 8725 §2.1), which a verifier that let the header choose the algorithm would accept',
  );
  expect(body.hint).toMatch(/RFC 8725 §2\.1/);
});

test('an HS256 token at the RS256 tenant signed with some other secret: alg_not_allowed, no finding', async () => {
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(Buffer.from('some-hmac-secret-0123456789'));
  const { body } = await refuse(rx, token, [TENANT_SECRET], ROUTE);
  expect(body).toMatchObject({ error: 'alg_not_allowed', finding: null, detail: 'alg "HS256" is not accepted; Deskpro accepts only RS256' });
});

test('header RS256, signed with RSA-PSS: alg_mismatch naming PS256', async () => {
  const { h, p } = parts();
  const pss = sign('sha256', Buffer.from(`${h}.${p}`), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  const { answer, body } = await refuse(rx, `${h}.${p}.${pss.toString('base64url')}`, [TENANT_SECRET], ROUTE);
  expect({ status: answer.status, result: answer.result }).toEqual({ status: 401, result: 'signature_invalid' });
  expect(body).toMatchObject({ message: DESKPRO_SIGNATURE_MESSAGE, finding: 'alg_mismatch' });
  expect(body.detail).toBe(
    "signature does not match the tenant's public key with RS256, the header's algorithm, but verifies with PS256: the IdP signs with another algorithm than its header names",
  );
  expect(body.hint).toMatch(/^sign with the algorithm the header names, RS256 \(RSASSA-PKCS1-v1_5, not PSS\)/);
});

test('RS256 over the raw JSON: signing_input_reencoded', async () => {
  const { h, p } = parts();
  const raw = Buffer.concat([Buffer.from(h, 'base64url'), Buffer.from('.'), Buffer.from(p, 'base64url')]);
  const signature = sign('sha256', raw, privateKey).toString('base64url');
  const { body } = await refuse(rx, `${h}.${p}.${signature}`, [TENANT_SECRET], ROUTE);
  expect(body).toMatchObject({
    error: 'signature_invalid',
    finding: 'signing_input_reencoded',
    detail: expect.stringContaining('over the raw JSON of the header and payload'),
  });
});

test('control: another private key gets the plain message, no finding', async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(other);
  const { body } = await refuse(rx, token, [TENANT_SECRET], ROUTE);
  expect(body).toMatchObject({ error: 'signature_invalid', message: DESKPRO_SIGNATURE_MESSAGE, finding: null });
  expect(body.hint).toMatch(/^sign with the private key whose public half is the tenant's publicKey/);
  expect(body.detail).toBe(
    "signature does not match the tenant's public key: the IdP signs with another private key (not another RSA algorithm or serialisation: the receiver tried those)",
  );
});
