/**
 * One browser's cookies for tests that speak HTTP without Chromium: what the receiver sets
 * (Set-Cookie) is sent back on the next request, as a browser would (names and values only: the
 * tests talk to one host, and the receiver's cookies carry no Domain).
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps the cookies of an answer; one set to an empty value is forgotten. */
  absorb(headers: Headers): this {
    for (const line of headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] as string;
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  /** The Cookie header for the next request ({} when the jar is empty). */
  headers(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ') };
  }
}
