import { domainToASCII } from 'node:url';

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A sane address (dot-atom local part, a dotted host name), normalised to the one identity key:
 * lower-cased, its domain in punycode. Quoted local parts and address literals are refused: they are
 * legal in RFC 5321 but no helpdesk takes them, and they are how `"u@acme.example"@evil.com` hides
 * its real domain. Returns the normalised address, or a sentence saying what is wrong.
 */
export function normaliseEmail(raw: string): { email: string } | { problem: string } {
  if (raw.length > 254) return { problem: `is ${raw.length} characters; an address has at most 254` };
  if (raw !== raw.trim()) return { problem: 'has leading or trailing white space' };
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return { problem: 'is not an address of the form local@domain' };
  const local = raw.slice(0, at);
  if (!LOCAL_PART.test(local) || local.length > 64) {
    return { problem: 'has a local part that is not a plain (dot-atom) name; quoted or unusual local parts are refused' };
  }
  const rawDomain = raw.slice(at + 1).replace(/\.$/, '');
  // domainToASCII reads a URL host: it would decode `%61` and widen `0x7f.1` to an IP, so only
  // letters, digits, dots, dashes and non-ASCII (IDN) characters get that far.
  if (/[\x00-\x2c\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/.test(rawDomain)) return { problem: 'has a domain with characters no host name has' };
  const domain = domainToASCII(rawDomain.toLowerCase());
  const labels = domain.split('.');
  if (!domain || domain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1) as string)) {
    return { problem: 'has a domain that is not a valid host name (address literals are refused)' };
  }
  const email = `${local.toLowerCase()}@${domain}`;
  if (email.length > 254) return { problem: `is ${email.length} characters once its domain is in punycode; an address has at most 254` };
  return { email };
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}
