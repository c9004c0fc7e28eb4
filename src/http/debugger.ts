import type Router from '@koa/router';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'koa';
import { VERSION } from '../version';
import { DEBUGGER_CSS, debuggerPage } from './pages/debugger';

/**
 * The debugger page's policy: its own script, stylesheet and same-origin API calls, nothing else.
 * It replaces, on the page response only, the no-script policy `securityHeaders` puts on every
 * other response.
 */
export const DEBUGGER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Where `tsc -p tsconfig.debugger.json` put the browser script: beside the compiled server
 * (dist/http -> dist/browser/debugger/client; its root is src/, as the page imports the API's types
 * from src/http/api/schemas/), or, when the server runs from its TypeScript sources (ts-jest), in
 * the package's dist/.
 */
const CLIENT_DIRS = [join(__dirname, '..', 'browser', 'debugger', 'client'), join(__dirname, '..', '..', 'dist', 'browser', 'debugger', 'client')];

function clientDir(): string | undefined {
  return CLIENT_DIRS.find((dir) => existsSync(join(dir, 'app.js')));
}

/** The compiled modules are flat: `app.js`, `api.js`, ...; any other name is not ours. */
const MODULE_NAME = /^[a-z][a-z0-9-]*\.js$/;

function showPage(ctx: Context): void {
  ctx.set('Content-Security-Policy', DEBUGGER_CSP);
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = debuggerPage(VERSION);
}

async function serveAsset(ctx: Context): Promise<void> {
  const name = String(ctx.params.file);
  if (name === 'app.css') {
    ctx.type = 'text/css; charset=utf-8';
    ctx.body = DEBUGGER_CSS;
    return;
  }
  const dir = clientDir();
  if (!MODULE_NAME.test(name) || !dir || !existsSync(join(dir, name))) {
    ctx.status = 404;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = dir ? `no debugger asset ${name}` : 'the debugger client is not built: run npm run build (tsc -p tsconfig.debugger.json)';
    return;
  }
  ctx.type = 'text/javascript; charset=utf-8';
  ctx.body = await readFile(join(dir, name), 'utf8');
}

/**
 * `GET /_receiver/` (the page) and `GET /_receiver/assets/<file>` (its script modules and
 * stylesheet). Register on the `/_receiver` router, or on a router without a prefix.
 */
export function addDebuggerRoutes(router: Router): void {
  const prefix = (router.opts.prefix ?? '').replace(/\/+$/, '');
  if (prefix !== '' && prefix !== '/_receiver') {
    throw new Error(`addDebuggerRoutes: expected the /_receiver router or one without a prefix, got prefix ${prefix}`);
  }
  const at = prefix === '' ? '/_receiver' : '';
  router.get(`${at}/`, showPage);
  router.get(`${at}/assets/:file`, serveAsset);
}
