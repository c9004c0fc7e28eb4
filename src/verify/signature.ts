import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
// jose's subpaths (typed by tsconfig's paths): its index loads 83 files at start-up, these about 30.
import { compactVerify } from 'jose/jws/compact/verify';
import * as errors from 'jose/errors';
import { LRUCache } from 'lru-cache';
import type { SignatureEvidence } from './signature-forensics';
import { fail, pass, warn, type Check } from './verdict';

/** The hash of each HMAC algorithm a JWS header may name. */
export const HMAC_HASH: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

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
 * Whether `key` signed the token, by node:crypto's HMAC and a constant-time compare. Only for a
 * token the pipeline already decoded and whose header checkHeader passed (an allowed HS alg, no
 * `crit`, no `b64`): then jose would do exactly this after parsing the token a second time, which
 * cost three times the HMAC itself (~14 µs a login).
 */
function hmacVerifies(key: KeyObject, hash: string, signed: SignatureEvidence): boolean {
  const expected = createHmac(hash, key).update(signed.signingInput).digest();
  const given = Buffer.from(signed.signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Verifies the JWS with each of the tenant's keys in turn (rotation); only the tenant's algorithms
 * are allowed, whatever the header says. HMAC keys are checked on the parts the pipeline decoded
 * (`signed`); a public key by jose. `mismatch` is true when no key verified the signature: the
 * pipeline then asks signature-forensics.ts why, so the accepted path pays nothing.
 */
export async function checkSignature(
  token: string,
  signed: SignatureEvidence,
  keys: readonly KeyObject[],
  algorithms: readonly string[],
): Promise<{ check: Check; secretIndex: number | null; mismatch: boolean }> {
  const hash = algorithms.includes(signed.alg) ? HMAC_HASH[signed.alg] : undefined;
  for (const [index, key] of keys.entries()) {
    try {
      if (hash && key.type === 'secret') {
        if (!hmacVerifies(key, hash, signed)) continue;
      } else {
        await compactVerify(token, key, { algorithms: [...algorithms] });
      }
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
