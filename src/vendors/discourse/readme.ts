/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const DISCOURSE_README = `Discourse's code is the specification (\`lib/discourse_connect_base.rb\`, \`app/models/discourse_connect.rb\`,
\`SessionController#sso\` and \`#sso_login\`). The receiver starts the login: \`GET /session/sso\` (and \`/login\`)
issues a nonce, keeps it in the store with \`return_path\`, and redirects to \`remoteLoginUrl\` with
\`sso=<base64 of nonce=&return_sso_url=>&sig=<hex HMAC-SHA256>\`. The IdP answers
\`GET /session/sso_login?sso=&sig=\`; \`check\` and the dry run take that query string and leave the nonce
unredeemed. A nonce is valid \`options.discourseNonceLifetimeSeconds\` (600, the code's \`nonce_expiry_time\`)
and, once used, refused for 24 h ("Nonce has already been used"). As in Discourse (\`discourse_connect_csrf_protection\`,
on by default), the nonce belongs to the browser that opened \`/session/sso\` (an httpOnly \`hjr_browser_<tenant>\`
cookie): another browser's answer is refused with 419, "Nonce is incorrect, was generated in a different browser
session, or has expired", and the nonce stays valid for its own browser; \`options.discourseCsrfProtection: false\`
lets any browser redeem it ("Nonce is incorrect, or has expired"). \`mint --profile discourse --claim nonce=<the nonce>
--url <tenant>\` prints the callback URL, to open in the browser that started the login.`;
