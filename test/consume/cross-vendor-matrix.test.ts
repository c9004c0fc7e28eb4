/**
 * The cross-vendor matrix of the vendors issue 11 adds beside the first five: a good token of each
 * (minted by its own factory, as `mint` makes it) is accepted at its own tenant and refused by every
 * other tenant, and every other vendor's good token is refused at theirs: 4xx or a redirect, never
 * accepted, never a 5xx.
 */
import { mint } from '../../src';
import type { ProfileId } from '../../src/vendors';
import { VENDORS } from '../../src/vendors';
import { examplePath } from '../../src/verify/contract';
import { T0_MS, request, startTestReceiver, type Answer, type TestReceiver } from '../helpers/receiver';

const ADDED: ProfileId[] = ['kayako', 'canny', 'helpscout-docs', 'freshdesk-sso-v2', 'zendesk-messaging'];
const FIRST: ProfileId[] = ['happyfox', 'mojo', 'deskpro', 'zendesk', 'zoho-asap'];
const ALL = [...ADDED, ...FIRST];
/** Each tenant its own secret, 32 characters or more (Kayako's minimum). */
const secretOf = (profile: ProfileId) => `${profile}-matrix-secret-0123456789abcdef`;

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({ tenants: ALL.map((profile) => ({ id: profile, profile, secret: secretOf(profile) })) });
});
afterAll(() => rx.stop());

let serial = 0;
const goodToken = async (profile: ProfileId) =>
  (await mint({ profile, secret: secretOf(profile), email: `m${++serial}@example.com`, name: 'Matrix User', jti: `matrix-${serial}`, at: T0_MS })).token;

/** Sends `token` to the tenant of `profile` at its first consume route: GET when the route takes it, else a JSON POST. */
function consume(profile: ProfileId, token: string): Promise<Answer> {
  const route = VENDORS[profile].contract.consume[0];
  const url = `${rx.url}/t/${profile}${examplePath(route)}`;
  if (route.methods.includes('GET')) return request(`${url}?${new URLSearchParams({ [route.tokenParam]: token })}`);
  return request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ [route.tokenParam]: token }) });
}

test.each(ADDED)('a good %s token is accepted at its own tenant', async (profile) => {
  expect((await consume(profile, await goodToken(profile))).result).toBe('accepted');
});

const pairs = ALL.flatMap((from) => ALL.filter((to) => to !== from && (ADDED.includes(from) || ADDED.includes(to))).map((to) => [from, to] as const));

test.each(pairs)('a good %s token is refused at the %s tenant', async (from, to) => {
  const res = await consume(to, await goodToken(from));
  expect(res.result).not.toBe('accepted');
  expect(res.status).toBeGreaterThanOrEqual(300);
  expect(res.status).toBeLessThan(500);
  // A token of another tenant is signed with its secret (or another algorithm): refused before any claim is read.
  expect(['signature_invalid', 'alg_not_allowed']).toContain(res.result);
});
