/**
 * Texts an IdP may have signed instead of the `<header>.<payload>` it sent: the same header and
 * payload encoded another way, the raw JSON, or the payload alone. The signature is valid for one
 * of these when the IdP encodes once to sign and again to send, or signs before encoding.
 */
export interface Serialisation {
  /** What was signed, as a message reads it after "signed over": "the raw JSON of the header and payload". */
  what: string;
  input: Buffer;
}

/** At most 6 texts, none equal to the signing input as sent or to each other. */
export function otherSerialisations(signingInput: string): Serialisation[] {
  const [headerPart = '', payloadPart = ''] = signingInput.split('.');
  const header = Buffer.from(headerPart, 'base64url');
  const payload = Buffer.from(payloadPart, 'base64url');
  const padded = (part: string) => part.padEnd(Math.ceil(part.length / 4) * 4, '=');
  const joined = (a: Buffer | string, b: Buffer | string) => Buffer.concat([Buffer.from(a), Buffer.from('.'), Buffer.from(b)]);
  const candidates: Serialisation[] = [
    { what: 'the header and payload in base64url with "=" padding', input: joined(padded(headerPart), padded(payloadPart)) },
    { what: 'the header and payload in standard base64 ("+", "/" and "=" padding)', input: joined(header.toString('base64'), payload.toString('base64')) },
    {
      what: 'the header and payload in standard base64 ("+" and "/", unpadded)',
      input: joined(header.toString('base64').replace(/=+$/, ''), payload.toString('base64').replace(/=+$/, '')),
    },
    { what: 'the raw JSON of the header and payload, not their base64url', input: joined(header, payload) },
    { what: 'the payload part alone, without the header', input: Buffer.from(payloadPart) },
    { what: 'the raw JSON of the payload alone', input: payload },
  ];
  const seen: Buffer[] = [Buffer.from(signingInput)];
  return candidates.filter(({ input }) => {
    if (seen.some((s) => s.equals(input))) return false;
    seen.push(input);
    return true;
  });
}
