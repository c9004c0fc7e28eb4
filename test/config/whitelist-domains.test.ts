import { parseConfig } from '../../src/config/load';
import { problemsOf, tenant } from './support';

describe('whitelist domains', () => {
  const domainsOf = (domains: unknown[]) => parseConfig({ tenants: [tenant('a', { whitelist: { enabled: true, domains } })] }).tenants[0]!.whitelist.domains;

  test('are lower-cased, IDN in punycode, a trailing dot dropped', () => {
    expect(domainsOf(['IdP.Example.COM', 'bücher.example', '*.München.DE', 'example.org.', 'localhost', 'xn--bcher-kva.example'])).toEqual([
      'idp.example.com',
      'xn--bcher-kva.example',
      '*.xn--mnchen-3ya.de',
      'example.org',
      'localhost',
      'xn--bcher-kva.example',
    ]);
  });

  test.each([
    ['example', 'a single label'],
    ['*.com', 'a wildcard over a top-level domain'],
    ['foo*.example.com', 'a wildcard inside a label'],
    ['*.*.example.com', 'a double wildcard'],
    ['*', 'a bare wildcard'],
    ['', 'an empty string'],
    ['https://idp.example.com', 'a URL'],
    ['idp.example.com:8443', 'a port'],
    ['user@example.com', 'an email address'],
    ['ex ample.com', 'a space'],
  ])('%j (%s) is refused with its path', (pattern) => {
    expect(problemsOf({ tenants: [tenant('a'), tenant('b', { whitelist: { domains: ['ok.example.com', pattern] } })] })).toEqual([
      `tenants[1].whitelist.domains[1] must be a host name or *.domain (got ${JSON.stringify(pattern)})`,
    ]);
  });

  test.each([
    ['idp.example.com/login', 'a path'],
    ['idp.example.com?x=1', 'a query'],
    ['idp.example.com#top', 'a fragment'],
    ['.example.com', 'a leading dot'],
  ])('%j (%s) is refused, not silently cut down to a different host', (pattern) => {
    expect(problemsOf({ tenants: [tenant('a', { whitelist: { domains: [pattern] } })] })).toEqual([
      `tenants[0].whitelist.domains[0] must be a host name or *.domain (got ${JSON.stringify(pattern)})`,
    ]);
  });

  test('a domain that is not a string', () => {
    expect(problemsOf({ tenants: [tenant('a', { whitelist: { domains: [42] } })] })).toEqual(['tenants[0].whitelist.domains[0] must be a string (got number)']);
  });
});
