// Canny's SSO redirect (developers.canny.io widget/sso, the Node sample: jsonwebtoken HS256 over
// email, id, name, avatarURL, which adds an iat): back to
// `/api/redirects/sso?companyID=&ssoToken=&redirect=`, every value encoded.
'use strict';
const { nowSeconds, sign, userId, withParams } = require('./support');

async function answer({ config, query, user }) {
  const flaw = config.flaw;
  const claims = { iat: nowSeconds(), email: user.email, ...(flaw === 'no-id' ? {} : { id: userId(user) }), name: user.name };
  const token = await sign(claims, 'HS256', config.secret);
  const redirect = flaw === 'drop-return' ? null : query.get('redirect');
  if (flaw === 'sample-concat') {
    // Canny's own getRedirectURL joins the strings as they are: a redirect holding ?, &, # or a space breaks.
    return { token, location: `${config.consumeUrl}?companyID=${query.get('companyID')}&ssoToken=${token}&redirect=${redirect}` };
  }
  return {
    token,
    location: withParams(config.consumeUrl, [
      ['companyID', query.get('companyID')],
      ['ssoToken', token],
      ['redirect', redirect],
    ]),
  };
}

module.exports = { answer };
