/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const ZENDESK_MESSAGING_README = `The widget hands the JWT to Zendesk's servers (\`zE('messenger', 'loginUser', cb)\`), so the receiver's
stand-in is an exchange: \`POST /messaging/login\` with \`jwt\` (JSON or form), answered with a bearer
access token. The \`kid\` header picks the key: a tenant names its secrets' key ids in
\`options.messagingKeyIds\` (in the order of \`secrets\`, up to 10; default \`app_receiver_1\`, which \`mint\`
sends). A refusal is a bare \`401 {"error":"Unauthorized"}\`, as Zendesk answers; the reason is in the
verdict (\`X-Receiver-Attempt\`, the debugger, the terminal line). \`email\` counts only with
\`email_verified: true\`; otherwise the verdict warns that it is ignored.`;
