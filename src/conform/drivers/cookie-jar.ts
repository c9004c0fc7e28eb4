import { createHash } from 'node:crypto';

/**
 * The cookies of an HTTP-only run, per host (name and port), as a browser would keep them for a
 * plain login flow: Max-Age and Expires end a cookie; Path and Domain are not needed for it.
 */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();

  store(url: URL, setCookies: readonly string[]): void {
    const jar = this.hosts.get(url.host) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => {
        const [key = '', v = ''] = a.split('=').map((s) => s.trim());
        if (/^max-age$/i.test(key)) return Number(v) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(v) <= Date.now();
        return false;
      });
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
