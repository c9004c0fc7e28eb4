/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const ZOHO_ASAP_README = `\`not_before\` and \`not_after\` are **milliseconds**; a value that looks like seconds is refused with a
hint. \`options.allowAltClaims\` also accepts the debug page's \`nbf\`/\`iat\` in seconds with \`exp\` in
milliseconds. A web page (the add-on's host) may call both routes from the browser: they answer CORS
for the hosts in \`options.addOnDomains\` (unset: loopback hosts on any port; no cookies are involved),
and refuse other origins with \`origin_not_allowed\` before the token is read.`;
