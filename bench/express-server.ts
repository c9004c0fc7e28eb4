/**
 * What a user would write instead of the receiver: an Express 5 app that verifies a HappyFox token
 * with jsonwebtoken and logs the user in with the same three writes per login (the jti into a
 * replay ledger, the user upserted, the session inserted; one better-sqlite3 transaction in WAL
 * mode with the receiver's synchronous=NORMAL), then answers as the receiver does: 302 to /home
 * with a session cookie. No attempt row, no checks beyond jsonwebtoken's own, no log line.
 *
 *   node dist-bench/bench/express-server.js --secret <s> --db <file> [--key string|keyobject] [--port 0]
 *
 * `--key string` hands jsonwebtoken the secret as a string, as its README shows (it builds a
 * KeyObject from it on every verify); `--key keyobject` passes crypto.createSecretKey() once.
 */
import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- not the receiver: the code a user would write instead of it, with its own database
import Database from 'better-sqlite3';
import express from 'express';
import jwt from 'jsonwebtoken';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

const secretText = arg('secret');
const keyKind = arg('key', 'string');
if (keyKind !== 'string' && keyKind !== 'keyobject') throw new Error(`--key is string or keyobject (got ${keyKind})`);
const secret: string | KeyObject = keyKind === 'keyobject' ? createSecretKey(Buffer.from(secretText)) : secretText;
const SESSION_TTL_MS = 8 * 3600 * 1000;

const db = new Database(arg('db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE IF NOT EXISTS used_jti (jti TEXT PRIMARY KEY, used_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, last_login INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS sessions (id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), expires_at INTEGER NOT NULL);
`);
const spend = db.prepare('INSERT INTO used_jti (jti, used_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
const upsertUser = db
  .prepare(
    'INSERT INTO users (email, name, last_login) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET name = excluded.name, last_login = excluded.last_login RETURNING id',
  )
  .pluck();
const insertSession = db.prepare('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)');

/** false: the jti was spent before (nothing written). */
const login = db.transaction((jti: string, email: string, name: string | null, sessionId: string, nowMs: number): boolean => {
  if (spend.run(jti, nowMs).changes === 0) return false;
  const userId = upsertUser.get(email, name, nowMs) as number;
  insertSession.run(createHash('sha256').update(sessionId).digest('base64url'), userId, nowMs + SESSION_TTL_MS);
  return true;
});

const app = express();
app.disable('x-powered-by');
app.get('/_receiver/health', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get('/jwt/', (req, res) => {
  const token = typeof req.query.token === 'string' ? req.query.token : '';
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  } catch (err) {
    res.status(401).send(`invalid token: ${(err as Error).message}`);
    return;
  }
  if (typeof claims.jti !== 'string' || typeof claims.email !== 'string') {
    res.status(401).send('the token needs a jti and an email');
    return;
  }
  const sessionId = randomBytes(32).toString('base64url');
  if (!login(claims.jti, claims.email, typeof claims.name === 'string' ? claims.name : null, sessionId, Date.now())) {
    res.status(401).send('token already used');
    return;
  }
  res.cookie('hjr_session_default', sessionId, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: SESSION_TTL_MS });
  res.redirect('/home');
});

const server = app.listen(Number(arg('port', '0')), arg('host', '127.0.0.1'), () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`express (${keyKind} secret) listening on http://${address}:${port}\n`);
});

const stop = (): void => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
