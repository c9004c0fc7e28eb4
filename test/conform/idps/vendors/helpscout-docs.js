// Help Scout Docs, restricted site with a custom callback (helpscout/restricted-docs-examples
// custom-callback-sso-example: jsonwebtoken HS512 of { exp: now + 60, sub: email }, which adds an
// iat): back to `<site>/authcallback?token=&returnTo=`. The examples write returnTo raw; here it is
// encoded, as a path with a query or a space needs.
'use strict';
const { nowSeconds, sign, withParams } = require('./support');

async function answer({ config, query, user }) {
  const flaw = config.flaw;
  const now = nowSeconds();
  const claims = { iat: now, exp: now + (flaw === 'far-exp' ? 30 * 86400 : 60), sub: user.email };
  const token = flaw === 'hs256' ? await sign(claims, 'HS256', config.secret) : await sign(claims, 'HS512', config.secret);
  const returnTo = flaw === 'drop-return' ? null : query.get('returnTo');
  return {
    token,
    location: withParams(config.consumeUrl, [
      ['token', token],
      ['returnTo', returnTo],
    ]),
  };
}

module.exports = { answer };
