/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const ZENDESK_README = `\`return_to\` may come from the form, the query or the claim. It may be a path on the tenant, or a URL
on a host listed in \`options.returnToHosts\` (brand sites). \`/login\` redirects to \`remoteLoginUrl\` with
\`return_to\`, \`brand_id\`, \`locale_id\` and \`timestamp\`, and sign-out to \`remoteLogoutUrl\` with \`email\`,
\`brand_id\` and \`return_to\`, as Zendesk does. With a \`remoteLogoutUrl\`, a refusal redirects there with
Zendesk's \`message\` and \`kind=error\` and nothing else; the verdict is one click away in the
\`X-Receiver-Attempt\` and \`Link\` headers and in the terminal's line. Without one it is a 401
\`{"error":"Couldn't authenticate you"}\`, with the code, the checks and the debugger link beside it.`;
