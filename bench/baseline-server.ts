/**
 * The baseline: a bare Koa app answering the consume routes as the receiver does on success (302 to
 * /home with a session cookie: 43 random base64url characters, HttpOnly, SameSite=Lax) without
 * reading, verifying or storing anything, and `GET /_receiver/health` with 200 (the start-up race).
 * The bench runs it as a child process, like the receiver.
 *
 *   node dist-bench/bench/baseline-server.js [--port 0] [--host 127.0.0.1]
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const SESSION_TTL_MS = 8 * 3600 * 1000; // the receiver's default sessionTtlSeconds
const CONSUME = /^\/(?:t\/([a-z0-9-]+)\/)?jwt\/(?:consume)?$/;

const app = new Koa();
app.use((ctx) => {
  if (ctx.method === 'GET' && ctx.path === '/_receiver/health') {
    ctx.body = { status: 'ok' };
    return;
  }
  const match = ctx.method === 'GET' ? CONSUME.exec(ctx.path) : null;
  if (!match) {
    ctx.status = 404;
    return;
  }
  const tenant = match[1] ?? 'default';
  const basePath = match[1] ? `/t/${tenant}` : '';
  ctx.cookies.set(`hjr_session_${tenant}`, randomBytes(32).toString('base64url'), {
    httpOnly: true,
    sameSite: 'lax',
    path: basePath || '/',
    maxAge: SESSION_TTL_MS,
  });
  ctx.redirect(`${basePath}/home`);
});

const server = createServer(app.callback());
server.listen(Number(arg('port', '0')), arg('host', '127.0.0.1'), () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`baseline listening on http://${address}:${port}\n`);
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
