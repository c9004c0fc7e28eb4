/**
 * What the rule tests of Kayako, Canny, Help Scout Docs, Freshdesk SSO v2 and Zendesk messaging
 * share: a passing token of the vendor's factory (with edits), and the verdict the receiver recorded.
 */
import { T0_MS, freshJti, type TestReceiver } from '../helpers/receiver';
import { signClaims, vendorClaims } from '../helpers/tokens';
import { VENDORS, type ProfileId } from '../../src/vendors';
import type { Check } from '../../src/verify/verdict';

/** A token of `profile` that passes at T0, with `overrides` on top (undefined drops a claim), signed with the factory's header. */
export function passing(profile: ProfileId, secret: string, overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  const claims = vendorClaims(profile, T0_MS, { email: 'pat.lee@example.com', name: 'Pat Lee' }, freshJti(), overrides);
  const own = { ...VENDORS[profile].factory.header, ...header };
  return signClaims(claims, secret, String(own.alg ?? 'HS256'), own);
}

export interface Recorded {
  accepted: boolean;
  code: string | null;
  checks: Check[];
  userId: number | null;
}

/** The newest attempt of `tenant`. */
export async function lastAttempt(rx: TestReceiver, tenant: string): Promise<Recorded> {
  return (await rx.store.searchAttempts({ tenant, limit: 1 }))[0] as unknown as Recorded;
}

/** The first failing check of the newest attempt: its name and code. */
export async function firstFailure(rx: TestReceiver, tenant: string): Promise<{ name: string; code: string | undefined } | null> {
  const failed = (await lastAttempt(rx, tenant)).checks.find((c) => c.status === 'fail');
  return failed ? { name: failed.name, code: failed.code ?? undefined } : null;
}

/** The status of the newest attempt's check `name` (undefined when absent). */
export const statusOf = async (rx: TestReceiver, tenant: string, name: string): Promise<string | undefined> =>
  (await lastAttempt(rx, tenant)).checks.find((c) => c.name === name)?.status;
