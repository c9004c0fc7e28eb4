// Freshdesk simple SSO (Freshdesk "Simple SSO"; lib/sso_util.rb): back to
// `/login/sso?name=&email=&timestamp=&hash=`, the hash a hex HMAC-MD5 keyed by the shared secret over
// name + secret + email + timestamp; `redirect_to` passed on when the helpdesk gave one.
'use strict';
const { hmacHex, nowSeconds, withParams } = require('./support');

async function answer({ config, query, user }) {
  const flaw = config.flaw;
  const timestamp = String(flaw === 'stale-timestamp' ? nowSeconds() - 120 : nowSeconds());
  const signed = flaw === 'hash-order' ? `${user.email}${config.secret}${user.name}${timestamp}` : `${user.name}${config.secret}${user.email}${timestamp}`;
  const hash = hmacHex('md5', config.secret, signed);
  return {
    token: hash,
    location: withParams(config.consumeUrl, [
      ['name', user.name],
      ['email', user.email],
      ['timestamp', timestamp],
      ['hash', hash],
      ['redirect_to', query.get('redirect_to')],
    ]),
  };
}

module.exports = { answer };
