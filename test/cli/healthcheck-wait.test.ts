import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { STACK_FRAME, assertBuilt, cleanup, closedPort, runCli, serve, startCli, tempDir } from './harness';

jest.setTimeout(30_000);
beforeAll(assertBuilt);
afterEach(cleanup);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function listen<S extends Server | HttpServer>(server: S): Promise<{ server: S; url: string }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

const close = (server: Server | HttpServer) => new Promise<void>((r) => server.close(() => r()));

describe('healthcheck --wait', () => {
  test('started before serve, it waits for it: exit 0 once the receiver answers', async () => {
    const dir = tempDir();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const check = startCli(['healthcheck', '--url', url, '--wait', '10']);
    await sleep(700); // several refused attempts before anything listens
    expect(check.hasExited()).toBe(false);
    await serve(['--port', String(port), '--db', join(dir, 'r.db'), '--log-level', 'silent']);
    expect(await check.exited(10_000)).toEqual({ code: 0, signal: null });
    expect(check.stdout()).toBe('200 ok\n');
    expect(check.stderr()).toBe('');
  });

  test('the deadline passes: exit 1 with the last reason, having retried every 100-250 ms', async () => {
    let requests = 0;
    const { server, url } = await listen(
      createHttpServer((_req, res) => {
        requests += 1;
        res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'unavailable', database: 'disk I/O error' }));
      }),
    );
    try {
      const started = Date.now();
      const run = await runCli(['healthcheck', '--url', url, '--wait', '1.5'], { ms: 10_000 });
      const elapsed = Date.now() - started;
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(`^unhealthy after waiting 1\\.[5-9] s: ${url}/_receiver/health answered 503 unavailable; database: disk I/O error\\n$`),
      );
      expect(run.stderr).not.toMatch(STACK_FRAME);
      expect(elapsed).toBeGreaterThanOrEqual(1_500);
      expect(elapsed).toBeLessThan(5_000);
      // 1.5 s at 100 ms growing to 250 ms between attempts: about eight; one attempt would be a race.
      expect(requests).toBeGreaterThanOrEqual(5);
      expect(requests).toBeLessThanOrEqual(16);
    } finally {
      await close(server);
    }
  });

  test("a server that hangs up at once is unhealthy, never a silent exit 0 (Node's fetch can stall on it)", async () => {
    const { server, url } = await listen(createServer((socket) => socket.destroy()));
    try {
      const run = await runCli(['healthcheck', '--url', url, '--timeout', '500'], { ms: 5_000 });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`^unhealthy: (${url}/_receiver/health closed the connection without an answer|no answer from ${url}/_receiver/health within 500 ms)\\n$`),
      );
    } finally {
      await close(server);
    }
  });

  test("without --wait: one attempt, the reason in a person's terms", async () => {
    const port = await closedPort();
    const run = await runCli(['healthcheck', '--url', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`unhealthy: connection refused at http://127.0.0.1:${port}/_receiver/health (is the receiver running, on this port?)\n`);
  });

  test('another server on the port: not taken for the receiver', async () => {
    const { server, url } = await listen(createHttpServer((_req, res) => res.end('<html>hello</html>')));
    try {
      const run = await runCli(['healthcheck', '--url', url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`unhealthy: ${url}/_receiver/health answered 200 but not with the receiver's health JSON (another server on this port?)\n`);
    } finally {
      await close(server);
    }
  });

  test.each([
    [['--wait', 'soon'], "option '--wait <seconds>' argument 'soon' is invalid. must be a positive number of seconds"],
    [['--wait', '0'], "option '--wait <seconds>' argument '0' is invalid. must be a positive number of seconds"],
    [['--timeout', '-5'], "option '--timeout <ms>' argument '-5' is invalid. must be a positive number of milliseconds"],
    [['--url', 'localhost:8080'], "option '--url <url>' argument 'localhost:8080' is invalid. must be an http(s) URL, e.g. http://127.0.0.1:8080"],
  ])('usage error %j: exit 2', async (args, message) => {
    const run = await runCli(['healthcheck', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${message}\n(healthcheck --help shows the usage)\n`);
  });
});
