/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const HAPPYFOX_README = `Where HappyFox is silent the receiver takes these readings: \`email\` is required (it identifies the
contact); \`iat\` must be a JSON integer (strict mode; a numeric string or a fraction is refused and
\`strictTypes: false\` accepts it with a warning); a \`jti\` may be a string or a number (a real client
sends an integer) and \`123\` and \`"123"\` are the same jti.

Whitelisting (\`tenants[].whitelist\`): off by default. \`mode: "referer"\` checks the host of the
Referer (or Origin) header, \`"email"\` the email's domain, \`"either"\` one of them. Domains are exact
hosts or explicit \`*.example.com\` (subdomains only), case-insensitive, IDN-normalised. A request
without Referer/Origin is refused (\`referer_missing\`) unless \`allowMissingReferer\` is set.`;
