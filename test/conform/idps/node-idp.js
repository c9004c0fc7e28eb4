// A sample IdP in Node (node:http and jose): the "log in to the help center" side of HappyFox,
// Zendesk, Deskpro and Mojo here, of the other vendors in vendors/<id>.js; correct by default, or
// with one deliberate flaw (`flaw`) for the conformance tests to catch. Run standalone: IDP_CONFIG='{"vendor":"happyfox",...}' node node-idp.js
'use strict';
const { createServer } = require('node:http');
const { randomUUID } = require('node:crypto');
const { SignJWT } = require('jose');
const VENDOR_IDPS = require('./vendors');

const USERS = {
  alice: { email: 'alice@example.com', name: 'Alice Example', password: 'alice-pw' },
  zoe: { email: 'o.brien+sso@exämple.org', name: "Zoë O'Brien-Ångström", password: 'zoe-pw' },
};

const escapeHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;

/** The claims each vendor's documentation asks for. */
function claimsFor(vendor, user, flaw) {
  const now = Math.floor(Date.now() / 1000);
  const iat = flaw === 'stale-iat' ? now - 600 : flaw === 'millis' ? Date.now() : now;
  const jti = flaw === 'reuse-jti' ? 'always-the-same-jti' : randomUUID();
  const [first, ...rest] = user.name.split(' ');
  switch (vendor) {
    case 'mojo':
      return { iat, email: user.email, first_name: first, last_name: rest.join(' ') };
    case 'deskpro':
      return { iat, exp: now + 300, jti, id: user.email, email: user.email, name: user.name };
    default:
      return { iat, jti, email: user.email, name: user.name };
  }
}

async function mint(config, user) {
  const key = config.flaw === 'secret-base64' ? Buffer.from(config.secret, 'base64') : new TextEncoder().encode(config.secret);
  const token = await new SignJWT(claimsFor(config.vendor, user, config.flaw)).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
  return issued(config, token);
}

/** A test that checks the reports hold no token or signature passes an array to learn them. */
function issued(config, token) {
  if (Array.isArray(config.issued)) config.issued.push(token);
  return token;
}

/** A vendor of its own file: its answer (kept for the reuse-token flaw), as a redirect or a page. */
async function answerVendor(res, vendorIdp, config, query, session) {
  const kept = config.flaw === 'reuse-token' && session.answer;
  const answer = kept ? session.answer : await vendorIdp.answer({ config, query, user: USERS[session.user] });
  session.answer = answer;
  if (answer.token) issued(config, answer.token);
  if (answer.location) {
    res.writeHead(302, { location: answer.location });
    return res.end();
  }
  res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(answer.body);
}

function cookies(req) {
  return Object.fromEntries(
    (req.headers.cookie ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
  );
}

/** Where the browser goes with the token: each vendor's own way, or the flawed way. */
function deliver(res, config, query, token) {
  const flaw = config.flaw;
  // A vendor of one's own (the test suite's throw-away one) names its parameters in the config.
  const returnName = config.returnParam ?? 'return_to';
  const returnTo = flaw === 'drop-return' ? null : query.get(returnName);
  if (config.vendor === 'deskpro') {
    const back = query.get('return') ?? config.consumeUrl;
    res.writeHead(302, { location: `${back}${back.includes('?') ? '&' : '?'}jwt=${encodeURIComponent(token)}` });
    return res.end();
  }
  if (config.vendor === 'zendesk' && flaw !== 'get-not-post') {
    const fields = [['jwt', token], ...(returnTo ? [['return_to', returnTo]] : [])];
    const inputs = fields.map(([n, v]) => `<input type="hidden" name="${n}" value="${escapeHtml(v)}">`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(
      page('Signing in', `<form method="post" action="${escapeHtml(config.consumeUrl)}">${inputs}</form><script>document.forms[0].submit()</script>`),
    );
  }
  const param = config.tokenParam ?? (config.vendor === 'zendesk' ? 'jwt' : 'token');
  if (flaw === 'no-url-encode') {
    // The classic slip: the values pasted in as they are and the whole URL passed through encodeURI,
    // which fixes spaces and non-ASCII but leaves ?, &, # and + meaning what they mean in a URL.
    res.writeHead(302, { location: encodeURI(`${config.consumeUrl}?${param}=${token}${returnTo !== null ? `&${returnName}=${returnTo}` : ''}`) });
    return res.end();
  }
  let target = `${config.consumeUrl}?${param}=${encodeURIComponent(token)}`;
  if (returnTo !== null) target += `&${returnName}=${encodeURIComponent(returnTo)}`;
  res.writeHead(302, { location: target });
  res.end();
}

function loginForm(query, error) {
  return page(
    'Sign in - Sample IdP',
    `<h1>Sample IdP</h1>${error ? `<p id="error">${escapeHtml(error)}</p>` : ''}<form method="post" action="/login">` +
      `<input type="hidden" name="q" value="${escapeHtml(query.toString())}">` +
      '<label>User <input id="username" name="username"></label><label>Password <input id="password" name="password" type="password"></label>' +
      '<button id="signin" type="submit">Sign in</button></form>',
  );
}

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** Starts the IdP on 127.0.0.1 (port 0: a free one). `config.form`: a login form instead of logging `?user=` in directly. */
async function startIdp(config) {
  const sessions = new Map(); // sid -> { user, token }
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://idp.invalid');
      const sid = cookies(req).idp_sid;
      const session = sid ? sessions.get(sid) : undefined;
      if (url.pathname === '/login' && req.method === 'POST') {
        const form = await readBody(req);
        const user = Object.keys(USERS).find((id) => id === form.get('username') && USERS[id].password === form.get('password'));
        const query = new URLSearchParams(form.get('q') ?? '');
        if (!user) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(loginForm(query, 'Wrong user or password'));
        }
        const id = randomUUID();
        sessions.set(id, { user, token: null });
        res.writeHead(303, { location: `/login?${query}`, 'set-cookie': `idp_sid=${id}; Path=/; HttpOnly; SameSite=Lax` });
        return res.end();
      }
      if (url.pathname === '/login') {
        const headers = {};
        let current = session;
        if (!current) {
          if (config.form) {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            return res.end(loginForm(url.searchParams));
          }
          const id = randomUUID();
          current = { user: url.searchParams.get('user') === 'special' ? 'zoe' : 'alice', token: null };
          sessions.set(id, current);
          headers['set-cookie'] = `idp_sid=${id}; Path=/; HttpOnly; SameSite=Lax`;
        }
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        const vendorIdp = VENDOR_IDPS[config.vendor];
        if (vendorIdp) return answerVendor(res, vendorIdp, config, url.searchParams, current);
        const token = config.flaw === 'reuse-token' && current.token ? current.token : await mint(config, USERS[current.user]);
        current.token = token;
        return deliver(res, config, url.searchParams, token);
      }
      if (url.pathname === '/logout') {
        if (config.flaw !== 'ignore-logout') {
          if (sid) sessions.delete(sid);
          res.setHeader('set-cookie', 'idp_sid=; Path=/; Max-Age=0');
        }
        const message = url.searchParams.get('kind') === 'error' ? url.searchParams.get('message') : null;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(page('Signed out', message ? `<p id="message">${escapeHtml(message)}</p>` : '<p id="signed-out">You are signed out.</p>'));
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err && err.message));
    }
  });
  await new Promise((resolve) => server.listen(config.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    loginUrl: `${url}/login`,
    logoutUrl: `${url}/logout`,
    /** Points the IdP at the receiver once its port is known. */
    setConsumeUrl(consumeUrl) {
      config.consumeUrl = consumeUrl;
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

module.exports = { startIdp, USERS };

if (require.main === module) {
  startIdp(JSON.parse(process.env.IDP_CONFIG ?? '{}')).then((idp) => process.stdout.write(`${idp.url}\n`));
}
