/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const FRESHWORKS_README = `The receiver starts the login as Freshworks does: \`/login\` issues a \`state\` and a \`nonce\` (kept in the
store, single use, \`options.freshworksStateLifetimeSeconds\`, 600) and redirects to \`remoteLoginUrl\` (the IdP's
authorization URL) with \`response_type=id_token\`, \`client_id\` (\`options.freshworksClientId\`), \`scope=openid email
profile\`, \`state\`, \`redirect_uri\` (\`/sp/OIDC/1/implicit\`) and \`nonce\`. The IdP returns \`state\` and an RS256
\`id_token\`, verified with \`options.publicKey\` (PEM). Freshworks documents no time window: the receiver takes
\`iat\` at most 300 s old (\`maxIatAgeSeconds\`). With \`options.freshworksOrganisationUsers\` (a list of addresses) an
\`id_token\` for any other address is refused with Freshworks' "cannot be logged in as this user is not part of this
organisation". \`mint --secret "$(cat idp-private.pem)" --claim nonce=<nonce>
--param state=<state> --url <tenant>\` prints the callback URL.`;
