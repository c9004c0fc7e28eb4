// Kayako single sign-on (developer.kayako.com "Single sign-on", the PHP sample): an HS256 token with
// iat, jti, email, name (and the user's external_id), and a redirect to `returnto + '&jwt=' + token`.
'use strict';
const { randomUUID } = require('node:crypto');
const { nowSeconds, sign, userId } = require('./support');

async function answer({ config, query, user }) {
  const flaw = config.flaw;
  const claims = {
    iat: flaw === 'stale-iat' ? nowSeconds() - 600 : nowSeconds(),
    jti: flaw === 'reuse-jti' ? 'always-the-same-jti' : randomUUID(),
    email: user.email,
    name: user.name,
    external_id: userId(user),
    role: 'CUSTOMER',
  };
  const token = await sign(claims, 'HS256', config.secret);
  // returnto already holds a query (type=customer&action=...): Kayako's own samples append '&jwt='.
  return { token, location: `${query.get('returnto')}&jwt=${encodeURIComponent(token)}` };
}

module.exports = { answer };
