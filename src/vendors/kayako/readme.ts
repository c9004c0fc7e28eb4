/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const KAYAKO_README = `\`/login\` sends the browser to \`remoteLoginUrl\` with \`returnto\`, this tenant's absolute
\`/Base/SSO/JWT/?type=customer&action=<page>\` URL; the IdP redirects to \`returnto + '&jwt=' + token\`,
and the login lands on \`action\`. HS256, HS384 and HS512 are accepted; a configured secret under 32
characters is refused, as Kayako's admin page does. Kayako documents no time window: the receiver
takes \`iat\` at most 300 s old (\`maxIatAgeSeconds\`). A user is known by \`external_id\` when given,
else by email.`;
