import { createHash } from 'node:crypto';

/** One Set-Cookie line: its name, value and attributes (names lower-cased; a flag such as HttpOnly has ''); null without a name. */
export function parseSetCookie(line: string): { name: string; value: string; attributes: Map<string, string> } | null {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    if (key) attributes.set(key, at < 0 ? '' : attribute.slice(at + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/**
 * The cookies of an HTTP-only run, per host (name and port), as a browser would keep them for a
 * plain login flow: Max-Age and Expires end a cookie; Path and Domain are not needed for it.
 */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();

  store(url: URL, setCookies: readonly string[]): void {
    const jar = this.hosts.get(url.host) ?? new Map<string, string>();
    for (const line of setCookies) {
      const cookie = parseSetCookie(line);
      if (!cookie) continue;
      const { name, value, attributes } = cookie;
      const gone =
        (attributes.has('max-age') && Number(attributes.get('max-age')) <= 0) ||
        (attributes.has('expires') && Date.parse(attributes.get('expires') ?? '') <= Date.now());
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.hosts.set(url.host, jar);
  }

  header(url: URL): string | null {
    const jar = this.hosts.get(url.host);
    if (!jar || jar.size === 0) return null;
    return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** `name=<digest>` per cookie of a host: enough to see a session change, never the value itself. */
  digest(origin: string): string[] {
    const jar = this.hosts.get(new URL(origin).host) ?? new Map<string, string>();
    return [...jar].map(([name, value]) => `${name}=${createHash('sha256').update(value).digest('hex').slice(0, 12)}`);
  }

  clear(): void {
    this.hosts.clear();
  }
}
