// The vendors whose sample IdP lives in its own file here, by profile id: each exports
// `answer({ config, query, user })` -> { token, location } (a redirect) or { token, body } / { status, body }.
'use strict';
const IDS = ['freshworks', 'freshdesk-simple-sso', 'freshdesk-sso-v2', 'kayako', 'discourse', 'canny', 'zendesk-messaging', 'helpscout-docs'];

module.exports = Object.fromEntries(IDS.map((id) => [id, require(`./${id}.js`)]));
