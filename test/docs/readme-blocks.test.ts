/**
 * Every fenced block of the README is kept true (markers: test/docs/readme-blocks.ts): an example is
 * the file a test runs; a run block is executed here, in order within its session, against a
 * receiver started as `npm start` starts it (the built CLI, out-of-the-box tenants; only the port and
 * the database file differ, and `127.0.0.1:8080` in the block is rewritten to the real address), with
 * the secrets the banner printed in SECRET, MOJO_SECRET, DESKPRO_SECRET, ZENDESK_SECRET and
 * ZOHO_SECRET, as the README tells a reader to set them; an output block is matched line by line
 * against what its run block printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort, serve, stop, type Serving } from '../cli/harness';
import { outputLinePattern, readmeBlocks, type ReadmeBlock } from './readme-blocks';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = readmeBlocks(readme);

/** Files the README quotes, and the test that runs each. */
const EXAMPLES: Record<string, string> = {
  'examples/jest/install.sh': 'test/packaging/install.test.ts',
  'examples/jest/receiver.test.ts': 'test/packaging/install.test.ts',
  'examples/jest/tsconfig.json': 'test/packaging/install.test.ts',
  'examples/jest/jest.config.js': 'test/packaging/install.test.ts',
  'examples/vitest/receiver.test.ts': 'test/library/readme-examples.test.ts',
  'examples/config.json': 'test/docs/readme-blocks.test.ts (session config)',
};

/** How each session's receiver is started: as `npm start` does, or with the example config; `none`: the blocks start their own. */
const SESSIONS: Record<string, { serve: string[] | null }> = {
  quickstart: { serve: [] },
  vendors: { serve: [] },
  config: { serve: ['--config', join(root, 'examples', 'config.json')] },
  ci: { serve: null },
};

/** The env names the README gives each out-of-the-box tenant's secret. */
const SECRET_VARS: Record<string, string> = { default: 'SECRET', mojo: 'MOJO_SECRET', deskpro: 'DESKPRO_SECRET', zendesk: 'ZENDESK_SECRET', 'zoho-asap': 'ZOHO_SECRET' };

/** Each tenant's generated secret, read from the banner lines `tenant <id> (...)` … `secret <value>`. */
export function bannerSecrets(banner: string): Record<string, string> {
  const secrets: Record<string, string> = {};
  let tenant: string | null = null;
  for (const line of banner.split('\n')) {
    const t = line.match(/^tenant (\S+) /);
    if (t) tenant = t[1]!;
    const s = line.match(/^\s+secret\s+(\S+)\s+\(generated/);
    if (s && tenant) secrets[tenant] = s[1]!;
  }
  return secrets;
}

const rewrite = (code: string, port: number) => code.replace(/127\.0\.0\.1:8080/g, `127.0.0.1:${port}`).replace(/--port 8080/g, `--port ${port}`);

/** Runs the session's blocks as one bash script (variables carry over), and splits the output per block. */
async function runSession(run: ReadmeBlock[], port: number, env: Record<string, string>): Promise<string[]> {
  const script = ['set -euo pipefail', ...run.map((b, i) => `${rewrite(b.code, port)}\necho "@@readme-block-end ${i}"`)].join('\n');
  const child = spawn('bash', ['-c', script], { cwd: root, env: { ...process.env, ...env, NO_COLOR: '1' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGTERM'); // what a block left in the background
  } catch {
    // the group is gone already
  }
  const parts = stdout.split(/@@readme-block-end \d+\n/);
  if (code !== 0) {
    const failed = parts.length - 1;
    throw new Error(`README block at line ${run[failed]?.line ?? '?'} failed (exit ${code}):\n${rewrite(run[failed]?.code ?? '', port)}\n--- stdout\n${parts[failed] ?? ''}\n--- stderr\n${stderr}`);
  }
  return parts.slice(0, run.length);
}

describe('README blocks', () => {
  test('every block says how it is kept true (example, run, output or not run)', () => {
    const unmarked = blocks.filter((b) => b.marker.kind === 'none').map((b) => `line ${b.line}: ${b.code.split('\n')[0]}`);
    expect(unmarked).toEqual([]);
    blocks.forEach((b, i) => {
      if (b.marker.kind === 'output') expect({ line: b.line, before: blocks[i - 1]?.marker.kind }).toEqual({ line: b.line, before: 'run' });
      if (b.marker.kind === 'run') expect({ line: b.line, session: b.marker.session in SESSIONS }).toEqual({ line: b.line, session: true });
    });
  });

  test('each example is the file it names, and that file is run by a test', () => {
    const quoted = blocks.flatMap((b) => (b.marker.kind === 'example' ? [b.marker.path] : []));
    expect([...new Set(quoted)].sort()).toEqual(Object.keys(EXAMPLES).sort());
    for (const b of blocks) {
      if (b.marker.kind !== 'example') continue;
      expect({ path: b.marker.path, code: b.code }).toEqual({ path: b.marker.path, code: readFileSync(join(root, b.marker.path), 'utf8') });
    }
  });

  describe.each(Object.keys(SESSIONS))('session %s', (session) => {
    const run = blocks.filter((b) => b.marker.kind === 'run' && b.marker.session === session);
    let dir: string;
    let receiver: Serving | null = null;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), `hjr-readme-${session}-`));
    });
    afterAll(async () => {
      if (receiver) await stop(receiver.proc);
      rmSync(dir, { recursive: true, force: true });
    });

    test('its blocks run as written and print what the README shows', async () => {
      expect(run.length).toBeGreaterThan(0);
      if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does)');
      const args = SESSIONS[session]!.serve;
      let port: number;
      const env: Record<string, string> = {};
      if (args) {
        receiver = await serve(['--port', '0', '--db', join(dir, 'receiver.db'), '--log-format', 'pretty', ...args]);
        // serve() returns after the first tenant's block; the banner's `tenants` line says how many follow.
        const count = (/^ {2}tenants +(.*)$/m.exec(receiver.banner)?.[1] ?? '').split('), ').length;
        await receiver.proc.waitFor(new RegExp(`(?:\\n {2}claims [^\\n]*\\n[\\s\\S]*){${count}}`));
        receiver.banner = receiver.proc.stdout();
        port = Number(new URL(receiver.url).port);
        for (const [tenant, value] of Object.entries(bannerSecrets(receiver.banner))) if (SECRET_VARS[tenant]) env[SECRET_VARS[tenant]!] = value;
      } else {
        port = await closedPort();
      }
      const outputs = await runSession(run, port, env);
      for (const [i, block] of run.entries()) {
        const expected = blocks[blocks.indexOf(block) + 1];
        if (expected?.marker.kind !== 'output') continue;
        const printed = outputs[i]!;
        for (const line of expected.code.split('\n').filter((l) => l.trim() && l.trim() !== '…')) {
          expect({ block: block.line, line, printed }).toEqual({ block: block.line, line, printed: expect.stringMatching(outputLinePattern(rewrite(line, port))) });
        }
      }
    }, 120_000);
  });
});
