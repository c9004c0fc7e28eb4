/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const FRESHDESK_SIMPLE_SSO_README = `Reconstructed from an unofficial copy of Freshdesk's source (\`Ramesh-Veeriaperumal/freshconsult\`)
and its help pages; opt in with \`profile: "freshdesk-simple-sso"\`. Not a JWT: the credential is the
query \`name=&email=&timestamp=&hash=\` (plus unsigned \`phone\`, \`company\`), and \`check\` takes that query
string. \`hash\` is the hex HMAC-MD5 keyed by the secret over name + secret + email + timestamp, compared
as lower-case hex. The window is ±30 s; \`options.simpleSsoLegacyWindow\` restores the old 1800 s back,
60 s ahead. A used hash is refused while it could still be accepted. Freshdesk answers every refusal
with a redirect to \`/login/normal\` and a flash text ("Session expired, please login again" for time
and reuse); the receiver answers with its refusal page carrying that text and the verdict. \`/login\` and
sign-out add \`host_url=<helpdesk host>\` to the remote URLs.`;
