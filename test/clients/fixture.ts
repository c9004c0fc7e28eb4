import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type Answer } from '../helpers/receiver';

/** One real client's token and request, as fixtures/clients/README.md describes. */
export interface ClientFixture {
  vendor: string;
  slug: string;
  source: { repo?: string; path?: string; commit?: string; url?: string; language: string; what: string };
  at: string;
  route: string;
  delivery: { method: 'GET' | 'POST'; param: string; in: 'query' | 'form' | 'json'; query?: Record<string, unknown> };
  json: Serialisation;
  headerText?: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  secret: string;
  /** Tenant options the sample needs (the key id of its signing key). */
  options?: Record<string, unknown>;
  expected: Verdict;
  strict?: Verdict;
  why: string;
}

export interface Verdict {
  accepted: boolean;
  code: string | null;
  warnings?: string[];
  message?: string;
  location?: string;
}

type Serialisation = 'compact' | 'python' | 'php' | 'aspjson' | 'json-smart';

export const VENDOR_PROFILES: Record<string, string> = {
  zendesk: 'zendesk',
  happyfox: 'happyfox',
  mojo: 'mojo',
  deskpro: 'deskpro',
  'zoho-asap': 'zoho-asap',
  kayako: 'kayako',
  canny: 'canny',
  'helpscout-docs': 'helpscout-docs',
  'zendesk-messaging': 'zendesk-messaging',
};

const ROOT = join(__dirname, '..', '..', 'fixtures', 'clients');

export function loadFixtures(): ClientFixture[] {
  return Object.keys(VENDOR_PROFILES).flatMap((vendor) =>
    readdirSync(join(ROOT, vendor))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({
        vendor,
        slug: f.replace(/\.json$/, ''),
        ...(JSON.parse(readFileSync(join(ROOT, vendor, f), 'utf8')) as Omit<ClientFixture, 'vendor' | 'slug'>),
      })),
  );
}

/** A `{ "$at": unit, "plus"? }` placeholder resolved against the fixture's instant, as the sample's clock call would. */
function resolveTime(value: unknown, atMs: number): unknown {
  if (typeof value !== 'object' || value === null || !('$at' in value)) return value;
  const { $at: unit, plus = 0 } = value as { $at: string; plus?: number };
  switch (unit) {
    case 's': // time(), int(time.time()), Time.now.to_i, Math.floor(Date.now() / 1000)
      return Math.floor(atMs / 1000) + plus;
    case 's-fraction': // new Date().getTime() / 1000
      return atMs / 1000 + plus;
    case 'ms': // System.currentTimeMillis()
      return atMs + plus;
    default:
      throw new Error(`unknown time unit ${unit}`);
  }
}

export function resolve(record: Record<string, unknown> | undefined, atMs: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k, resolveTime(v, atMs)]));
}

const nonAscii = (text: string): string => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The JSON text the sample's library writes for `value` (member order is the object's). */
export function serialise(value: Record<string, unknown>, style: Serialisation): string {
  const compact = JSON.stringify(value);
  switch (style) {
    case 'compact':
      return compact;
    case 'php': // json_encode: "\/" and \uXXXX by default
    case 'json-smart': // nimbus' json-smart escapes "/" too
      return nonAscii(compact.replace(/\//g, '\\/'));
    case 'python': // json.dumps defaults: ", " and ": ", ensure_ascii
      return nonAscii(
        `{${Object.entries(value)
          .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
          .join(', ')}}`,
      );
    case 'aspjson': // aspJSON.JSONoutput: "{" CRLF, 4-space members, CRLF, "}"
      return `{\r\n${Object.entries(value)
        .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join(',\r\n')}\r\n}`;
  }
}

/** The HMAC of the header's alg (HS256, HS384, HS512) over the exact texts, as the sample's library signs them. */
export function tokenOf(fixture: ClientFixture, atMs: number): string {
  const headerText = fixture.headerText ?? serialise(fixture.header, fixture.json);
  const part = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const input = `${part(headerText)}.${part(serialise(resolve(fixture.claims, atMs), fixture.json))}`;
  const hash = `sha${String(fixture.header.alg).slice(2)}`;
  return `${input}.${createHmac(hash, Buffer.from(fixture.secret, 'utf8')).update(input).digest('base64url')}`;
}

/** Sends the token the way the sample does: its method, parameter, body encoding and extra parameters. */
export function deliver(base: string, fixture: ClientFixture, token: string, atMs: number): Promise<Answer> {
  const { method, param, in: where } = fixture.delivery;
  const extra = Object.entries(resolve(fixture.delivery.query, atMs)).map(([k, v]) => [k, String(v)] as [string, string]);
  const url = `${base}${fixture.route}`;
  if (where === 'query') return request(`${url}?${new URLSearchParams([[param, token], ...extra])}`, { method });
  const query = extra.length > 0 ? `?${new URLSearchParams(extra)}` : '';
  if (where === 'form') return request(`${url}${query}`, { method, body: new URLSearchParams({ [param]: token }) });
  return request(`${url}${query}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ [param]: token }) });
}
