// Freshworks custom JWT ("Setting up the id_token"): answer the authorization request with
// `${redirect_uri}?state=${state}&id_token=${jwt}`, an RS256 id_token echoing the nonce.
'use strict';
const { createPrivateKey } = require('node:crypto');
const { nowSeconds, otherKey, sign, userId, withParams } = require('./support');

async function answer({ config, query, user }) {
  const flaw = config.flaw;
  // The id_token goes only to the redirect_uri registered for the client (here: the consume URL the IdP was given).
  if (flaw !== 'any-redirect-uri' && query.get('redirect_uri') !== config.consumeUrl)
    return { status: 400, body: 'invalid_request: redirect_uri is not registered for this client' };
  const [given, ...family] = user.name.split(' ');
  const claims = {
    sub: userId(user),
    email: user.email,
    iat: flaw === 'stale-iat' ? nowSeconds() - 600 : nowSeconds(),
    ...(flaw === 'no-nonce' ? {} : { nonce: query.get('nonce') }),
    given_name: given,
    family_name: family.join(' '),
  };
  // The HS256 slip: the shared-secret habit of other helpdesks, where Freshworks verifies RS256 only.
  const token = flaw === 'hs256' ? await sign(claims, 'HS256', otherKey(config.secret)) : await sign(claims, 'RS256', createPrivateKey(config.privateKey));
  return {
    token,
    location: withParams(query.get('redirect_uri'), [
      ['state', query.get('state')],
      ['id_token', token],
    ]),
  };
}

module.exports = { answer };
