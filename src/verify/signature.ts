import { createSecretKey, type KeyObject } from 'node:crypto';
import { compactVerify, errors } from 'jose';
import { LRUCache } from 'lru-cache';
import { fail, pass, warn, type Check } from './verdict';

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
 * algorithms are allowed, whatever the header says. `mismatch` is true when no key verified the
 * signature: the pipeline then asks signature-forensics.ts why, so the accepted path pays nothing.
 */
export async function checkSignature(
  token: string,
  keys: readonly KeyObject[],
  algorithms: readonly string[],
): Promise<{ check: Check; secretIndex: number | null; mismatch: boolean }> {
  for (const [index, key] of keys.entries()) {
    try {
      await compactVerify(token, key, { algorithms: [...algorithms] });
      const kind = key.type === 'secret' ? 'HMAC' : `${algorithms.join('/')} signature`;
      if (keys.length === 1) return { check: pass('signature', `${kind} verified`), secretIndex: index, mismatch: false };
      const which = `secret #${index + 1} of ${keys.length}`;
      // Rotation: any listed secret verifies, but an IdP still on an older one should hear about it.
      const check =
        index === 0
          ? pass('signature', `${kind} verified with ${which}`)
          : warn('signature', `${kind} verified with ${which}, not the current (first) one: the IdP still signs with an older secret`);
      return { check, secretIndex: index, mismatch: false };
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed) continue;
      const reason = err instanceof errors.JOSEError ? `${err.code}: ${err.message}` : String(err);
      return { check: fail('signature', 'signature_invalid', `the signature could not be checked (${reason})`), secretIndex: null, mismatch: false };
    }
  }
  return { check: fail('signature', 'signature_invalid', 'signature does not match'), secretIndex: null, mismatch: true };
}
