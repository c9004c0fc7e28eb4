/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const FRESHDESK_SSO_V2_README = `**Legacy and opt-in; reconstructed from an unofficial source** (an unofficial copy of Freshdesk's code,
possibly stale; Freshdesk no longer documents it). \`GET|POST /login/sso_v2?jwt_token=\`, HS512 only; the
user is nested under \`user\` and every field there must be a string; \`user.name\` plus \`user.email\` or
\`user.unique_external_id\`. A success lands on \`redirect_to\`; any failure redirects to \`/login/normal\`,
which shows the message once (a flash cookie), with the verdict in the \`X-Receiver-Attempt\` header and
the debugger.`;
