import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { OUT_OF_THE_BOX_IDS } from '../helpers/out-of-the-box';
import { request } from '../helpers/receiver';
import { UNPRIVILEGED, assertBuilt, cleanup, runCli, serve, startCli, stop, tempDir } from './harness';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls for `path` as a script would; returns its parsed content. */
async function waitForFile(path: string, ms = 10_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${ms} ms`);
    await sleep(25);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

describe('serve --ready-file', () => {
  test("--port 0: the file has the bound URL, the pid and each tenant's base URL; it goes at SIGTERM", async () => {
    const dir = tempDir();
    const readyPath = join(dir, 'run', 'receiver.json'); // its folder is made
    const configPath = join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        tenants: [
          { id: 'acme', profile: 'happyfox', secret: 'acme-secret' },
          { id: 'beta', profile: 'mojo', secret: 'beta-secret' },
        ],
      }),
    );
    const proc = startCli(['serve', '--config', configPath, '--port', '0', '--db', join(dir, 'r.db'), '--log-level', 'silent', '--ready-file', readyPath]);
    const ready = await waitForFile(readyPath);
    const [, bannerUrl] = await proc.waitFor(/listening on (http:\/\/\S+)/);
    expect(ready).toEqual({
      url: bannerUrl,
      pid: proc.child.pid,
      tenants: { acme: `${bannerUrl}/t/acme`, beta: `${bannerUrl}/t/beta` },
    });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:(?!0$)\d+$/);
    expect(readdirSync(join(dir, 'run'))).toEqual(['receiver.json']); // no temporary file left beside it
    expect((await request(`${String(ready.url)}/_receiver/health`)).status).toBe(200);
    expect((await request(`${(ready.tenants as Record<string, string>).beta}/home`)).status).toBe(200);

    expect(await stop(proc)).toEqual({ code: 0, signal: null });
    expect(existsSync(readyPath)).toBe(false);
  });

  test("the default tenant is at the root URL, the out-of-the-box others under /t/<id>; HJR_READY_FILE is the flag's twin; SIGINT removes it too", async () => {
    const dir = tempDir();
    const readyPath = join(dir, 'ready.json');
    const running = await serve(['--port', '0', '--db', join(dir, 'r.db'), '--log-level', 'silent'], { env: { HJR_READY_FILE: readyPath } });
    const tenants = {
      default: running.url,
      ...Object.fromEntries(OUT_OF_THE_BOX_IDS.filter((id) => id !== 'default').map((id) => [id, `${running.url}/t/${id}`])),
    };
    expect(await waitForFile(readyPath)).toEqual({ url: running.url, pid: running.proc.child.pid, tenants });
    expect(await stop(running.proc, 'SIGINT')).toEqual({ code: 0, signal: null });
    expect(existsSync(readyPath)).toBe(false);
  });

  test('a file left by a killed run is removed before listening: a failed start leaves none', async () => {
    const dir = tempDir();
    const readyPath = join(dir, 'ready.json');
    writeFileSync(readyPath, JSON.stringify({ url: 'http://127.0.0.1:1', pid: 1, tenants: {} }));
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const { port } = taken.address() as { port: number };
      const run = await runCli(['serve', '--port', String(port), '--db', join(dir, 'r.db'), '--log-level', 'silent', '--ready-file', readyPath]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: port \d+ on 127\.0\.0\.1 is already in use/);
      expect(existsSync(readyPath)).toBe(false);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });

  test('a ready file that cannot be written: exit 2 naming it, and the receiver does not stay up', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      const readyPath = join(locked, 'ready.json');
      const run = await runCli(
        ['serve', '--port', '0', '--db', join(dir, 'r.db'), '--secret', 'a-secret-0123456789', '--log-level', 'silent', '--ready-file', readyPath],
        {
          cwd: dir,
          as: UNPRIVILEGED,
        },
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('listening on'); // it did listen, then closed
      expect(run.stderr).toMatch(
        new RegExp(
          `^error: cannot write the ready file ${readyPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: permission denied, open .*; give --ready-file a path in a folder this user can write to\\n$`,
        ),
      );
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});
