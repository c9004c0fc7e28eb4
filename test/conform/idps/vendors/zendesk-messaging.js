// Zendesk messaging (developer docs "Enabling authenticated visitors for messaging"): the IdP's JWT
// endpoint, which the page's `zE('messenger', 'loginUser', callback)` calls; it answers the token as
// text for the widget to hand to Zendesk. HS256, `kid` naming the signing key, scope "user",
// external_id, name, and email with email_verified.
'use strict';
const { SignJWT } = require('jose');
const { userId } = require('./support');

async function answer({ config, user }) {
  const claims = { scope: 'user', external_id: userId(user), name: user.name, email: user.email, email_verified: true };
  const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: config.kid }).sign(new TextEncoder().encode(config.secret));
  return { token, body: token };
}

module.exports = { answer };
