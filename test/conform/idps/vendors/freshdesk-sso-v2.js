// Freshdesk JWT SSO v2 (legacy, reconstructed; vendors.md §6c): an HS512 token with iat, exp (at most
// 900 s after iat), a fresh jti and the user nested under `user`, every field a string; to
// `/login/sso_v2?jwt_token=` with `redirect_to`.
'use strict';
const { randomUUID } = require('node:crypto');
const { nowSeconds, sign, userId, withParams } = require('./support');

async function answer({ config, query, user }) {
  const flaw = config.flaw;
  const iat = nowSeconds();
  const claims = {
    iat,
    exp: iat + (flaw === 'long-lifetime' ? 3600 : 300),
    jti: flaw === 'reuse-jti' ? 'always-the-same-jti' : randomUUID(),
    user: { name: user.name, email: user.email, unique_external_id: userId(user) },
  };
  const token = await sign(claims, flaw === 'hs256' ? 'HS256' : 'HS512', config.secret);
  return {
    token,
    location: withParams(config.consumeUrl, [
      ['jwt_token', token],
      ['redirect_to', query.get('redirect_to')],
    ]),
  };
}

module.exports = { answer };
