import type { Finding } from './verdict';

/**
 * A key an IdP may have signed with by mistake, derived from the tenant's configured secret. The key
 * stays in memory for one comparison; `how` describes the derivation and never contains it.
 */
export interface KeyVariant {
  finding: Finding;
  /** The derivation, as a message reads it after "the tenant's secret": "base64-decoded". */
  how: string;
  key: Buffer;
}

const STD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const URL_BASE64 = /^[A-Za-z0-9_-]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/**
 * The bytes `text` encodes in `alphabet`, or null unless it is exactly such an encoding (the only
 * characters of the alphabet, no stray bits, padding only where it belongs). Node's decoder skips
 * what it does not understand; taking its output for any secret would try keys no IdP makes.
 */
function strictlyDecoded(text: string, alphabet: 'base64' | 'base64url'): Buffer | null {
  if (!(alphabet === 'base64' ? STD_BASE64 : URL_BASE64).test(text)) return null;
  if (text.includes('=') && text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, alphabet);
  return bytes.toString(alphabet).replace(/=+$/, '') === text.replace(/=+$/, '') ? bytes : null;
}

const JWT_IO = 'jwt.io\'s "secret base64 encoded" box, or a base64 decode in the IdP';

/**
 * The mistakes IdPs make with a shared secret, each as the key it leads to: decoding a secret that
 * is text (jwt.io's checkbox; a hex secret such as HappyFox's read as bytes), encoding it, and
 * white space picked up from a file or an environment variable, or dropped by a trim. At most 12
 * keys per secret; duplicates, the secret itself and empty keys are left out.
 */
export function keyVariants(secret: string): KeyVariant[] {
  const text = Buffer.from(secret, 'utf8');
  const candidates: Array<[Finding, string, Buffer | null]> = [
    ['secret_base64_decoded', `base64-decoded (${JWT_IO})`, strictlyDecoded(secret, 'base64')],
    ['secret_base64_decoded', `base64url-decoded (${JWT_IO})`, strictlyDecoded(secret, 'base64url')],
    // Node's own decoder, as an IdP in Node decodes: it reads both alphabets and drops a dangling last character.
    [
      'secret_base64_decoded',
      `base64-decoded the lenient way (Buffer.from(secret, 'base64'): ${JWT_IO})`,
      /^[A-Za-z0-9+/_-]+={0,2}$/.test(secret) ? Buffer.from(secret, 'base64') : null,
    ],
    ['secret_hex_decoded', "hex-decoded (the IdP reads the secret's hex digits as bytes)", HEX.test(secret) ? Buffer.from(secret, 'hex') : null],
    ['secret_base64_encoded', 'base64-encoded (the IdP signs with the base64 text of the secret)', Buffer.from(text.toString('base64'))],
    ['secret_base64_encoded', 'base64url-encoded (the IdP signs with the base64url text of the secret)', Buffer.from(text.toString('base64url'))],
    [
      'secret_base64_encoded',
      'with a newline, base64-encoded (echo "$SECRET" | base64 adds the newline)',
      Buffer.from(Buffer.from(`${secret}\n`).toString('base64')),
    ],
    ['secret_hex_encoded', 'hex-encoded (the IdP signs with the hex text of the secret)', Buffer.from(text.toString('hex'))],
    ['secret_trailing_whitespace', 'with a trailing newline (read from a file or an environment variable)', Buffer.from(`${secret}\n`)],
    ['secret_trailing_whitespace', 'with a trailing CRLF line ending (a file saved on Windows)', Buffer.from(`${secret}\r\n`)],
    ['secret_trailing_whitespace', 'with a trailing space', Buffer.from(`${secret} `)],
    [
      'secret_trimmed',
      'without the white space around it (the configured secret has some; the IdP trims it)',
      secret.trim() !== secret ? Buffer.from(secret.trim()) : null,
    ],
  ];
  const seen: Buffer[] = [text];
  const variants: KeyVariant[] = [];
  for (const [finding, how, key] of candidates) {
    if (!key || key.length === 0 || seen.some((k) => k.equals(key))) continue;
    seen.push(key);
    variants.push({ finding, how, key });
  }
  return variants;
}
