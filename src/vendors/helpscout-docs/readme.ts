/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const HELPSCOUT_DOCS_README = `\`/login\` sends the visitor to \`remoteLoginUrl\` (the sign-in URL of the restricted site) with
\`returnTo\`, a path; the IdP redirects to \`/authcallback?token=<jwt>&returnTo=<path>\`. The token is
HS512 with \`sub\` (the email) and \`exp\`, as Help Scout's published examples sign it; other algorithms
are refused, and \`exp\` is required. Help Scout documents no jti, so the verdict warns that a token
could be used again until it expires.`;
