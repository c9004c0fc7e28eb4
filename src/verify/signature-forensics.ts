import { constants, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { HINTS } from './hints';
import { HMAC_HASH } from './signature';
import { keyVariants } from './secret-variants';
import { otherSerialisations } from './signed-serialisations';
import type { Diagnosis, Finding } from './verdict';

/**
 * Why a signature failed, told by trying the mistakes IdPs make: the secret decoded or encoded,
 * white space added or trimmed, another HMAC algorithm, another serialisation signed than sent,
 * the hex digest sent for the raw HMAC, another tenant's secret. It runs only on a refusal; an
 * accepted token never pays for it. No secret or derived key leaves this module: a finding names
 * the mistake (and a tenant id), never a key.
 *
 * The work is bounded so a stream of bad tokens cannot make the receiver hash without limit:
 * signing inputs over MAX_INPUT_BYTES are not examined; at most MAX_OWN_SECRETS of the tenant's
 * secrets, each with 1 + 12 key variants + 6 serialisations, and at most MAX_OTHER_KEYS other
 * tenants' keys are tried; each try costs one HMAC per distinct reading of the signature (1
 * normally, 3 at most). Worst case: (4 x 19 + 16) x 3 = 276 HMACs of at most 4 kB (about 1 MB
 * hashed); an RS256 tenant: at most 11 RSA verifications, an HS token at it 6 HMACs.
 */
const MAX_INPUT_BYTES = 4096;
const MAX_OWN_SECRETS = 4;
const MAX_OTHER_KEYS = 16;

/** The signing input and signature part as received, and the header's algorithm. */
export interface SignatureEvidence {
  alg: string;
  signingInput: string;
  signature: string;
}

/** Another tenant on the same receiver: only its id may appear in a message. */
export interface OtherTenantKeys {
  id: string;
  keys: readonly KeyObject[];
}

export interface Explanation extends Diagnosis {
  message: string;
}

const HASH_BY_BYTES = new Map<number, string>([
  [20, 'sha1'],
  [32, 'sha256'],
  [48, 'sha384'],
  [64, 'sha512'],
]);
const DIGEST_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };
const HMAC_NAME: Readonly<Record<string, string>> = { sha1: 'HMAC-SHA1 (which no JWS algorithm uses)', sha256: 'HS256', sha384: 'HS384', sha512: 'HS512' };

/** One way to read the signature part as an HMAC digest. */
interface Reading {
  hash: string;
  digest: Buffer;
  /** How the digest was sent, when not as raw bytes in base64url. */
  hex?: 'base64url-encoded hex text' | 'hex text';
}

/** The raw bytes when their length is an HMAC's; the hex digest, base64url-encoded (PHP's hash_hmac without `true`) or sent as it is. */
function readingsOf(signature: string): Reading[] {
  const raw = Buffer.from(signature, 'base64url');
  const readings: Reading[] = [];
  const add = (hash: string | undefined, digest: Buffer, hex?: Reading['hex']) => hash && readings.push({ hash, digest, hex });
  add(HASH_BY_BYTES.get(raw.length), raw);
  const text = raw.toString('latin1');
  if (/^[0-9a-f]+$/i.test(text) && text.length % 2 === 0) add(HASH_BY_BYTES.get(text.length / 2), Buffer.from(text, 'hex'), 'base64url-encoded hex text');
  if (/^[0-9a-f]+$/i.test(signature) && signature.length % 2 === 0) add(HASH_BY_BYTES.get(signature.length / 2), Buffer.from(signature, 'hex'), 'hex text');
  return readings;
}

/** The reading the HMAC of `input` under `key` equals, if any: one HMAC per distinct hash. */
function matchHmac(key: KeyObject | Buffer, input: Buffer, readings: readonly Reading[]): Reading | undefined {
  const digests = new Map<string, Buffer>();
  return readings.find((r) => {
    let digest = digests.get(r.hash);
    if (!digest) {
      digest = createHmac(r.hash, key).update(input).digest();
      digests.set(r.hash, digest);
    }
    return digest.length === r.digest.length && timingSafeEqual(digest, r.digest);
  });
}

function hintFor(finding: Finding, alg: string): string {
  switch (finding) {
    case 'secret_base64_decoded':
    case 'secret_hex_decoded':
      return HINTS.secretAsText(alg, 'a base64 or hex decoding of it (untick jwt.io\'s "secret base64 encoded"; no decode in the IdP)');
    case 'secret_base64_encoded':
    case 'secret_hex_encoded':
      return HINTS.secretAsText(alg, 'its base64 or hex text');
    case 'secret_trailing_whitespace':
      return HINTS.secretTrailingWhitespace;
    case 'secret_trimmed':
      return HINTS.secretTrimmed;
    case 'alg_mismatch':
      return HINTS.algMismatch(alg);
    case 'signing_input_reencoded':
      return HINTS.signingInput(alg);
    case 'signature_hex_digest':
      return HINTS.signatureHexDigest;
    default:
      return HINTS.signatureLength(alg);
  }
}

/** What a reading adds when it differs from what the header promises. */
function otherwise(r: Reading, headerHash: string | undefined, alg: string): string {
  const notes = [r.hash !== headerHash ? `with ${HMAC_NAME[r.hash]}, not the header's ${alg}` : '', r.hex ? `sent as ${r.hex}` : ''].filter(Boolean);
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

/** How far the search through the other tenants went, for the message when nothing matched. */
interface OthersSearched {
  keys: number;
  stopped: boolean;
}

function explainHmac(
  e: SignatureEvidence,
  secrets: readonly string[],
  others: () => Iterable<OtherTenantKeys>,
  tried: string,
  searched: OthersSearched,
): Explanation | null {
  const readings = readingsOf(e.signature);
  const headerHash = HMAC_HASH[e.alg];
  const input = Buffer.from(e.signingInput);
  const found = (finding: Finding, message: string): Explanation => ({ message, finding, hint: hintFor(finding, e.alg) });
  const serialisations = otherSerialisations(e.signingInput);
  for (const [i, secret] of secrets.slice(0, MAX_OWN_SECRETS).entries()) {
    const whose = secrets.length > 1 ? `the tenant's secret #${i + 1}` : "the tenant's secret";
    const exact = matchHmac(Buffer.from(secret, 'utf8'), input, readings);
    if (exact && exact.hash !== headerHash) {
      return found(
        'alg_mismatch',
        `signature does not match ${tried} with ${e.alg}, the header's algorithm, but matches ${whose} with ${HMAC_NAME[exact.hash]}${exact.hex ? ` (sent as ${exact.hex})` : ''}: the IdP signs with another algorithm than its header names`,
      );
    }
    if (exact?.hex) {
      return found(
        'signature_hex_digest',
        `signature part is the ${exact.hex} of the right HMAC (${e.alg} with ${whose}), not the raw HMAC bytes in base64url: PHP's hash_hmac() without its binary argument, or a hexdigest()?`,
      );
    }
    for (const variant of keyVariants(secret)) {
      const r = matchHmac(variant.key, input, readings);
      if (r)
        return found(variant.finding, `signature does not match ${tried} as configured, but matches ${whose} ${variant.how}${otherwise(r, headerHash, e.alg)}`);
    }
    for (const s of serialisations) {
      const r = matchHmac(Buffer.from(secret, 'utf8'), s.input, readings);
      if (r)
        return found(
          'signing_input_reencoded',
          `signature does not match the token as sent, but matches ${whose} over ${s.what}${otherwise(r, headerHash, e.alg)}: the IdP signs another serialisation than it sends`,
        );
    }
  }
  for (const other of others()) {
    for (const key of other.keys) {
      if (key.type !== 'secret') continue;
      if (searched.keys >= MAX_OTHER_KEYS) {
        searched.stopped = true;
        return null;
      }
      searched.keys += 1;
      const r = matchHmac(key, input, readings);
      if (r) {
        return {
          message: `signature does not match ${tried}, but matches the secret of tenant "${other.id}" on this receiver${otherwise(r, headerHash, e.alg)}: the IdP uses that tenant's secret, or sends this tenant a token meant for "${other.id}"`,
          finding: 'other_tenant_secret',
          hint: HINTS.otherTenant(other.id),
        };
      }
    }
  }
  return null;
}

const RSA_ALGS: Readonly<Record<string, { hash: string; pss: boolean }>> = {
  RS256: { hash: 'sha256', pss: false },
  RS384: { hash: 'sha384', pss: false },
  RS512: { hash: 'sha512', pss: false },
  PS256: { hash: 'sha256', pss: true },
  PS384: { hash: 'sha384', pss: true },
  PS512: { hash: 'sha512', pss: true },
};

function verifiesRsa(alg: string, input: Buffer, key: KeyObject, signature: Buffer): boolean {
  const spec = RSA_ALGS[alg];
  if (!spec) return false;
  try {
    const padding = spec.pss
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : { padding: constants.RSA_PKCS1_PADDING };
    return verify(spec.hash, input, { key, ...padding }, signature);
  } catch {
    return false;
  }
}

/** An RS256 tenant: another RSA algorithm (PSS, another hash), or another serialisation signed; at most 5 + 6 verifications. */
function explainRsa(e: SignatureEvidence, key: KeyObject, tried: string): Explanation | null {
  const signature = Buffer.from(e.signature, 'base64url');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits > 0 && signature.length !== bits / 8) {
    return {
      message: `signature is ${signature.length} bytes; an ${e.alg} signature with the tenant's ${bits}-bit key is ${bits / 8}: it was truncated, or made with another key or algorithm`,
      finding: 'signature_wrong_length',
      hint: HINTS.rsaAlgMismatch(e.alg),
    };
  }
  const input = Buffer.from(e.signingInput);
  for (const alg of Object.keys(RSA_ALGS)) {
    if (alg !== e.alg && verifiesRsa(alg, input, key, signature)) {
      return {
        message: `signature does not match ${tried} with ${e.alg}, the header's algorithm, but verifies with ${alg}: the IdP signs with another algorithm than its header names`,
        finding: 'alg_mismatch',
        hint: HINTS.rsaAlgMismatch(e.alg),
      };
    }
  }
  for (const s of otherSerialisations(e.signingInput)) {
    if (verifiesRsa(e.alg, s.input, key, signature)) {
      return {
        message: `signature does not match the token as sent, but verifies with ${tried} over ${s.what}: the IdP signs another serialisation than it sends`,
        finding: 'signing_input_reencoded',
        hint: HINTS.rsaAlgMismatch(e.alg),
      };
    }
  }
  return null;
}

/**
 * The message (and finding and hint, when one is recognised) for a signature that verified with
 * none of the tenant's keys. `secrets` are the tenant's HMAC secrets as configured.
 */
export function explainMismatch(
  e: SignatureEvidence,
  tenant: { secrets: readonly string[]; keys: readonly KeyObject[] },
  others: () => Iterable<OtherTenantKeys> = () => [],
): Explanation {
  const rsa = tenant.keys[0]?.type === 'public';
  const tried = tenant.keys.length > 1 ? `any of the tenant's ${tenant.keys.length} secrets` : rsa ? "the tenant's public key" : "the tenant's secret";
  if (Buffer.byteLength(e.signingInput) > MAX_INPUT_BYTES) {
    return {
      message: `signature does not match ${tried}: the IdP signs with a different (or truncated, or re-encoded) secret (a token over ${MAX_INPUT_BYTES} bytes is not examined further)`,
    };
  }
  const searched: OthersSearched = { keys: 0, stopped: false };
  const explained = rsa ? explainRsa(e, tenant.keys[0]!, tried) : explainHmac(e, tenant.secrets, others, tried, searched);
  if (explained) return explained;
  if (rsa)
    return {
      message: `signature does not match ${tried}: the IdP signs with another private key (not another RSA algorithm or serialisation: the receiver tried those)`,
      hint: HINTS.rsaKeyMismatch,
    };
  const expected = DIGEST_BYTES[e.alg];
  const length = Buffer.from(e.signature, 'base64url').length;
  if (expected && length !== expected && readingsOf(e.signature).every((r) => r.hash !== HMAC_HASH[e.alg])) {
    return {
      message: `signature is ${length} bytes; ${e.alg} gives ${expected}: it was truncated, or made with another algorithm`,
      finding: 'signature_wrong_length',
      hint: hintFor('signature_wrong_length', e.alg),
    };
  }
  const otherTenants =
    searched.keys === 0
      ? ''
      : searched.stopped
        ? `, nor one of the first ${searched.keys} secrets of other tenants; no more are tried`
        : ", nor another tenant's secret";
  return {
    message: `signature does not match ${tried}: the IdP signs with a different secret (not one of the encoding, white-space, algorithm or serialisation mistakes the receiver tries${otherTenants})`,
    hint: HINTS.secretMismatch(e.alg),
  };
}

/**
 * An HS token at an RS256 tenant, HMAC-signed with the tenant's public key as the secret: the
 * algorithm-confusion attack (RFC 8725 §2.1). The PEM as configured and as Node writes it, and
 * the DER: at most 6 HMACs, only when the alg check already refused the token.
 */
export function explainAlgConfusion(e: SignatureEvidence, publicKey: KeyObject, configuredPem: string | null): Explanation | null {
  if (!HMAC_HASH[e.alg] || Buffer.byteLength(e.signingInput) > MAX_INPUT_BYTES) return null;
  const readings = readingsOf(e.signature);
  const texts = [
    configuredPem,
    configuredPem?.trim(),
    configuredPem ? `${configuredPem.trim()}\n` : null,
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  ];
  const keys = [...new Set(texts.filter((t): t is string => !!t))].map((t) => Buffer.from(t)).concat(publicKey.export({ type: 'spki', format: 'der' }));
  const input = Buffer.from(e.signingInput);
  if (!keys.some((key) => matchHmac(key, input, readings))) return null;
  return {
    message: `the token is HMAC-signed (${e.alg}) with the tenant's RSA public key as the secret: the algorithm-confusion attack (RFC 8725 §2.1), which a verifier that let the header choose the algorithm would accept`,
    finding: 'alg_confusion_public_key',
    hint: HINTS.algConfusion,
  };
}
