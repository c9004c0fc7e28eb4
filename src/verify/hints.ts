/**
 * How to fix what a check found, in neutral terms, with a one-liner for each language IdPs are
 * commonly written in. Every check that gives a hint takes its text from here, so one mistake is
 * explained the same way on the refusal page, in JSON, in the CLI table and in the debugger.
 * A hint never contains a secret, a derived key or a token: only code with placeholders.
 */

/** The IdP languages every code hint covers, in the order they are listed. */
export const HINT_LANGUAGES = ['Python', 'Ruby', 'PHP', 'Java', 'C#', 'Node'] as const;
export type HintLanguage = (typeof HINT_LANGUAGES)[number];

type Snippets = Readonly<Record<HintLanguage, string>>;

/** `lead: Python: ...; Ruby: ...; ...`: one line, so it fits a table cell and a log line alike. */
function withSnippets(lead: string, snippets: Snippets, tail = ''): string {
  return `${lead}: ${HINT_LANGUAGES.map((lang) => `${lang}: ${snippets[lang]}`).join('; ')}${tail ? `. ${tail}` : ''}`;
}

const EPOCH_SECONDS: Snippets = {
  Python: 'int(time.time())',
  Ruby: 'Time.now.to_i',
  PHP: 'time()',
  Java: 'Instant.now().getEpochSecond()',
  'C#': 'DateTimeOffset.UtcNow.ToUnixTimeSeconds()',
  Node: 'Math.floor(Date.now() / 1000)',
};

const EPOCH_MILLIS: Snippets = {
  Python: 'time.time_ns() // 1_000_000',
  Ruby: 'Process.clock_gettime(Process::CLOCK_REALTIME, :millisecond)',
  PHP: '(int) floor(microtime(true) * 1000)',
  Java: 'System.currentTimeMillis()',
  'C#': 'DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()',
  Node: 'Date.now()',
};

const BASE64URL: Snippets = {
  Python: 'base64.urlsafe_b64encode(data).rstrip(b"=")',
  Ruby: 'Base64.urlsafe_encode64(data, padding: false)',
  PHP: "rtrim(strtr(base64_encode($data), '+/', '-_'), '=')",
  Java: 'Base64.getUrlEncoder().withoutPadding().encodeToString(data)',
  'C#': 'Base64UrlEncoder.Encode(data)',
  Node: "Buffer.from(data).toString('base64url')",
};

const URL_ENCODE: Snippets = {
  Python: 'urllib.parse.quote(token, safe="")',
  Ruby: 'CGI.escape(token)',
  PHP: 'rawurlencode($token)',
  Java: 'URLEncoder.encode(token, StandardCharsets.UTF_8)',
  'C#': 'Uri.EscapeDataString(token)',
  Node: 'encodeURIComponent(token)',
};

const STRIP = (name: string): Snippets => ({
  Python: `${name}.strip()`,
  Ruby: `${name}.strip`,
  PHP: `trim($${name})`,
  Java: `${name}.strip()`,
  'C#': `${name}.Trim()`,
  Node: `${name}.trim()`,
});

const HASH_OF: Record<string, { jjwt: string; dotnet: string }> = {
  HS256: { jjwt: 'Jwts.SIG.HS256', dotnet: 'SecurityAlgorithms.HmacSha256' },
  HS384: { jjwt: 'Jwts.SIG.HS384', dotnet: 'SecurityAlgorithms.HmacSha384' },
  HS512: { jjwt: 'Jwts.SIG.HS512', dotnet: 'SecurityAlgorithms.HmacSha512' },
};

/** Signing with the secret's text (its UTF-8 bytes) as the key, with a JWT library that builds the signing input itself. */
function signWithText(alg: string): Snippets {
  const names = HASH_OF[alg] ?? HASH_OF.HS256!;
  return {
    Python: `jwt.encode(claims, secret, algorithm="${alg}")`,
    Ruby: `JWT.encode(claims, secret, "${alg}")`,
    PHP: `JWT::encode($claims, $secret, '${alg}')`,
    Java: `Jwts.builder().claims(claims).signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), ${names.jjwt}).compact()`,
    'C#': `new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), ${names.dotnet})`,
    Node: `await new SignJWT(claims).setProtectedHeader({ alg: '${alg}' }).sign(new TextEncoder().encode(secret))`,
  };
}

const RAW_HMAC_BASE64URL: Snippets = {
  Python: 'base64.urlsafe_b64encode(hmac.new(key, signing_input, hashlib.sha256).digest()).rstrip(b"=")',
  Ruby: 'Base64.urlsafe_encode64(OpenSSL::HMAC.digest("SHA256", key, signing_input), padding: false)',
  PHP: "rtrim(strtr(base64_encode(hash_hmac('sha256', $signingInput, $key, true)), '+/', '-_'), '=')",
  Java: 'Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput))',
  'C#': 'Base64UrlEncoder.Encode(new HMACSHA256(key).ComputeHash(signingInput))',
  Node: "createHmac('sha256', key).update(signingInput).digest('base64url')",
};

export const HINTS = {
  /** iat / exp / nbf: whole seconds since the epoch, a JSON number. */
  epochSeconds: withSnippets('send whole seconds since the epoch as a JSON number (not milliseconds, not a fraction, not a string)', EPOCH_SECONDS),
  /** Zoho's not_before / not_after: milliseconds since the epoch. */
  epochMillis: withSnippets('send milliseconds since the epoch as a JSON integer', EPOCH_MILLIS),
  /** A part (or the whole token) in base64 with padding or "+" "/" instead of unpadded base64url. */
  base64url: withSnippets('encode each part as unpadded base64url ("-" and "_", no "="), or let a JWT library do it', BASE64URL),
  /** A "+" (or raw space) damaged in a query string. */
  urlEncodeToken: withSnippets('URL-encode the token where the IdP puts it in the query string or form', URL_ENCODE),
  /** The token text itself ends (or starts) with a newline or space. */
  tokenWhitespace: withSnippets(
    'remove the white space around the token before sending it',
    STRIP('token'),
    'In a shell, $(cat token.txt) drops the final newline; printf %s "$TOKEN" writes none (echo adds one)',
  ),
  /** The token has a line break or tab inside. */
  tokenLineBreak: 'send the token as one line: it was wrapped or split when it was copied (mail, terminal, a PEM-style 64-column wrap)',
  secretAsText: (alg: string, not: string): string =>
    withSnippets(`use the secret's text, as UTF-8 bytes, as the HMAC key, exactly as configured on the receiver: not ${not}`, signWithText(alg)),
  secretTrailingWhitespace: withSnippets(
    'strip the white space where the IdP reads the secret (a file or an environment variable)',
    STRIP('secret'),
    'When writing the secret to a file, printf %s "$SECRET" > secret.txt writes no newline (echo adds one)',
  ),
  secretTrimmed:
    "make the two secrets equal: the secret configured on this receiver has white space around it that the IdP does not sign with; remove it from the receiver's config (read from a file? strip the final newline)",
  otherTenant: (tenantPath: string): string =>
    `the IdP is configured with another tenant's secret, or sends its tokens to the wrong tenant: send this tenant's tokens to ${tenantPath} and sign them with this tenant's secret`,
  algMismatch: (alg: string): string =>
    withSnippets(`sign with the algorithm the header names, ${alg}; a JWT library keeps the two in step`, signWithText(alg)),
  rsaAlgMismatch: (alg: string): string =>
    `sign with the algorithm the header names, ${alg}${alg.startsWith('RS') ? ' (RSASSA-PKCS1-v1_5, not PSS)' : ''}; a JWT library keeps the header and the signature in step`,
  signingInput: (alg: string): string =>
    withSnippets(
      'sign exactly the text that is sent, base64url(header) + "." + base64url(payload) unpadded, then send that same text; a JWT library does both',
      signWithText(alg),
    ),
  signatureHexDigest: withSnippets('the signature part is the raw HMAC bytes in unpadded base64url, not the hex digest', RAW_HMAC_BASE64URL),
  signatureLength: (alg: string): string => withSnippets(`sign with ${alg} and send the whole signature; a JWT library does`, signWithText(alg)),
  /** The generic mismatch: nothing the receiver tried explains it. */
  secretMismatch: (alg: string): string =>
    withSnippets(
      "copy the secret again from the vendor's setting into the IdP, as text, without quotes or a trailing newline, and sign with it",
      signWithText(alg),
    ),
  rsaKeyMismatch:
    "sign with the private key whose public half is the tenant's publicKey; to compare, openssl pkey -in private.pem -pubout prints the public half of the IdP's key",
  algConfusion:
    'an RS256 token is signed with the RSA private key and verified with the public key; a token HMAC-signed with the public key text is the algorithm-confusion attack (RFC 8725 §2.1) and every correct verifier refuses it',
} as const;
