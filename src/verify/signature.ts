import { createSecretKey, type KeyObject } from 'node:crypto';
import { compactVerify, errors } from 'jose';
import { LRUCache } from 'lru-cache';
import { fail, pass, type Check } from './verdict';

/** Imported HMAC keys, so a hot secret is turned into a KeyObject once, not on every request. */
const keys = new LRUCache<string, KeyObject>({ max: 1024 });

/** The HMAC key for a secret, imported once (also used by the bench to mint). */
export function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/**
 * jose verifies the JWS with each of the tenant's secrets in turn (rotation); only the tenant's
 * algorithms are allowed, whatever the header says.
 */
export async function checkSignature(
  token: string,
  secrets: readonly string[],
  algorithms: readonly string[],
): Promise<{ check: Check; secretIndex: number | null }> {
  for (const [index, secret] of secrets.entries()) {
    try {
      await compactVerify(token, keyFor(secret), { algorithms: [...algorithms] });
      const which = secrets.length > 1 ? ` with secret #${index + 1} of ${secrets.length}` : '';
      return { check: pass('signature', `HMAC verified${which}`), secretIndex: index };
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed) continue;
      const reason = err instanceof errors.JOSEError ? `${err.code}: ${err.message}` : String(err);
      return { check: fail('signature', 'signature_invalid', `the signature could not be checked (${reason})`), secretIndex: null };
    }
  }
  const tried = secrets.length > 1 ? `any of the tenant's ${secrets.length} secrets` : "the tenant's secret";
  return {
    check: fail('signature', 'signature_invalid', `signature does not match ${tried}: the IdP signs with a different (or truncated, or re-encoded) secret`),
    secretIndex: null,
  };
}
