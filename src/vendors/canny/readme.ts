/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const CANNY_README = `\`/login\` sends the browser to \`remoteLoginUrl\` (Canny's "SSO Redirect URL") with \`companyID\` (the
tenant id) and \`redirect\`, the absolute URL of the page asked for; the IdP sends it to
\`/api/redirects/sso?companyID=&ssoToken=&redirect=\`. A \`redirect\` on the receiver's own origin lands on
its path in the tenant. Canny has no iat or jti rule: \`exp\` is honoured only when present, and every
accepted verdict warns that the token could be used again (\`replay\`), as Deskpro's does.`;
