// DiscourseConnect (discourse/discourse lib/discourse_connect_base.rb, the "DiscourseConnect" how-to):
// check `sig` over the `sso` sent, read its nonce and return_sso_url, answer with the user's fields
// base64-encoded and signed: `return_sso_url?sso=<base64>&sig=<hex HMAC-SHA256>`.
'use strict';
const { hmacHex, otherKey, userId, withParams } = require('./support');

async function answer({ config, query, user }) {
  const flaw = config.flaw;
  const sso = query.get('sso') ?? '';
  // A request the helpdesk did not sign is refused: anyone could otherwise pick the return_sso_url.
  if (flaw !== 'answer-forged-sig' && hmacHex('sha256', config.secret, sso) !== query.get('sig'))
    return { status: 403, body: 'DiscourseConnect: bad sig, the request did not come from the forum' };
  const sent = new URLSearchParams(Buffer.from(sso, 'base64').toString('utf8'));
  const fields = new URLSearchParams({ nonce: sent.get('nonce') ?? '', email: user.email });
  if (flaw !== 'no-external-id') fields.set('external_id', userId(user));
  fields.set('username', user.email.split('@')[0].replace(/[^A-Za-z0-9_.-]/g, '_'));
  fields.set('name', user.name);
  const payload = Buffer.from(fields.toString(), 'utf8').toString('base64');
  const sig = hmacHex('sha256', flaw === 'wrong-sig-key' ? otherKey(config.secret) : config.secret, payload);
  return {
    token: payload,
    location: withParams(sent.get('return_sso_url'), [
      ['sso', payload],
      ['sig', sig],
    ]),
  };
}

module.exports = { answer };
