// What the per-vendor sample IdPs share: signing with jose, a URL with its parameters encoded, a
// stable user id, the time in seconds. Each vendor file holds only that vendor's claims and delivery.
'use strict';
const { createHash, createHmac } = require('node:crypto');
const { SignJWT } = require('jose');

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A compact JWS of `claims`; `key` is a shared secret (text) or a KeyObject (RS256). */
async function sign(claims, alg, key) {
  const material = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(material);
}

/** `base` with `pairs` appended, every value percent-encoded (URLSearchParams), a query already there kept. */
function withParams(base, pairs) {
  const url = new URL(base);
  for (const [name, value] of pairs) if (value !== null && value !== undefined) url.searchParams.append(name, value);
  return url.href;
}

/** The IdP's own id for a user: stable across logins, not the email. */
const userId = (user) => `u-${createHash('sha256').update(user.email).digest('hex').slice(0, 12)}`;

const hmacHex = (alg, key, text) => createHmac(alg, key).update(text, 'utf8').digest('hex');

/** A key that is not the shared one, for the "signed with the wrong key" flaws. */
const otherKey = (secret) => `${secret}-not-the-shared-one`;

module.exports = { hmacHex, nowSeconds, otherKey, sign, userId, withParams };
