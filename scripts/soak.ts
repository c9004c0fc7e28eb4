/**
 * `npm run soak [-- --logins N --every M --concurrency C]`: a bounded soak of the built receiver.
 * It starts `dist/cli.js serve` on a fresh SQLite file (housekeeping every 5 s, the default bounds),
 * sends N HappyFox logins (default 200,000; a pool of 1,000 users, a unique jti each) from C
 * connections, and every M logins (default 50,000) prints the server's RSS, the rows per table (from
 * /_receiver/health) and the size of the database file with its -wal. RSS flat, rows bounded and
 * the file bounded are what a long run should show.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the soak reads the file as an operator would, from outside the receiver under test
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { VENDORS } from '../src/vendors';
import { keyFor } from '../src/verify/signature';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const LOGINS = Number(args.get('logins') ?? 200_000);
const EVERY = Number(args.get('every') ?? 50_000);
const CONCURRENCY = Number(args.get('concurrency') ?? 10);
const USERS = 1000;
if (![LOGINS, EVERY, CONCURRENCY].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--logins, --every and --concurrency take whole numbers > 0');

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm run soak does)');

const secret = randomBytes(24).toString('base64url');
const key = keyFor(secret);
const run = randomBytes(4).toString('hex');

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** The server's resident set (its worker thread included), from /proc. */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hjr-soak-'));
  const db = join(dir, 'soak.db');
  const ready = join(dir, 'ready.json');
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ server: { db, logLevel: 'warn' }, store: { housekeepingIntervalSeconds: 5 }, tenants: [{ id: 'default', profile: 'happyfox', secret }] }),
  );
  const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--config', config, '--ready-file', ready, '--log-format', 'json'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = server.pid as number;
  try {
    const started = Date.now();
    while (!existsSync(ready)) {
      if (server.exitCode !== null) throw new Error(`the receiver exited (${server.exitCode}) before it was ready`);
      if (Date.now() - started > 10_000) throw new Error('the receiver was not ready within 10 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const { url } = JSON.parse(readFileSync(ready, 'utf8')) as { url: string };
    console.log(`soak: ${LOGINS} HappyFox logins from ${CONCURRENCY} connections against ${url} (database ${db})`);
    console.log('logins     elapsed  logins/s  server RSS   rows (users/sessions/attempts/replay_ledger)   file (db + wal)');

    let sent = 0;
    let accepted = 0;
    const refused = new Map<string, number>();
    const t0 = Date.now();
    let lastReport = 0;
    // Rows counted by a reader of its own (WAL lets it read beside the server), not through health:
    // on a loaded machine health may answer `busy` rather than wait for a saturated store.
    const reader = new Database(db, { readonly: true, fileMustExist: true });
    const count = (table: string) => (reader.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number).toString();
    const report = async () => {
      const { status } = (await (await fetch(`${url}/_receiver/health`)).json()) as { status: string };
      const rows = `${['users', 'sessions', 'attempts', 'replay_ledger'].map(count).join('/')} (${status})`;
      const seconds = (Date.now() - t0) / 1000;
      console.log(
        `${String(sent).padStart(7)}  ${seconds.toFixed(1).padStart(8)} s  ${String(Math.round(sent / seconds)).padStart(7)}  ${mib(rssOf(pid)).padStart(10)}   ${rows.padEnd(45)}  ${mib(sizeOf(db))} + ${mib(sizeOf(`${db}-wal`))}`,
      );
    };
    await report();

    const worker = async () => {
      while (sent < LOGINS) {
        const n = ++sent;
        const user = n % USERS;
        const claims = VENDORS.happyfox.factory.passingClaims(Date.now(), { email: `user${user}@soak.example`, name: `Soak User ${user}` }, `soak-${run}-${n}`);
        const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
        const res = await fetch(`${url}/jwt/?token=${token}`, { redirect: 'manual' });
        await res.arrayBuffer();
        const result = res.headers.get('x-receiver-result') ?? String(res.status);
        if (result === 'accepted') accepted++;
        else refused.set(result, (refused.get(result) ?? 0) + 1);
        if (sent - lastReport >= EVERY) {
          lastReport = sent - (sent % EVERY);
          await report();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (sent !== lastReport) await report();
    console.log(`accepted ${accepted} of ${sent}${refused.size ? `; refused ${JSON.stringify(Object.fromEntries(refused))}` : ''}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
