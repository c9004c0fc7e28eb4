import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Clock } from '../../src/clock';
import { parseConfig } from '../../src/config/load';
import { startServer, type RunningServer } from '../../src/server';
import { refuseWrites } from '../helpers/database';
import { SECRET, T0_MS, consumeUrl, happyfoxToken, request } from '../helpers/receiver';

/** store_unavailable says which database refused, in the answer's detail and in the log. */
describe('a database that takes no writes is named', () => {
  let dir: string;
  let dbPath: string;
  let running: RunningServer;
  const lines: Array<Record<string, unknown>> = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hjr-unavailable-'));
    dbPath = join(dir, 'receiver.db');
    lines.length = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = parseConfig({ server: { port: 0, db: dbPath }, tenants: [{ id: 'default', profile: 'happyfox', secret: SECRET }] }, 'test');
    const clock = new Clock();
    clock.freeze(T0_MS);
    running = await startServer({ ...config, generatedSecretTenants: [] }, { clock, logger: pino({ level: 'warn' }, sink) });
    await refuseWrites(running.store);
  });
  afterEach(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a refused login: 503 whose detail and replay check name the file; one warn line with it, no token', async () => {
    const token = await happyfoxToken();
    const res = await request(consumeUrl(running.url, '/jwt/', { token }), { json: true });
    expect(res.status).toBe(503);
    expect(res.result).toBe('store_unavailable');
    const body = res.json() as { detail: string; checks: Array<{ name: string; code?: string; message: string }> };
    expect(body.detail).toBe(
      `the login could not be recorded in ${dbPath} (attempt to write a readonly database); refused rather than logged in without the replay ledger`,
    );
    expect(body.checks.at(-1)).toMatchObject({ name: 'replay', code: 'store_unavailable' });

    const warnings = lines.filter((l) => l.msg === 'login refused: the database could not record it');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, tenant: 'default', detail: `attempt to write a readonly database (database ${dbPath})` });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(SECRET);
  });

  test('DELETE /_receiver/state: 503 whose detail names the file', async () => {
    const res = await request(`${running.url}/_receiver/state`, { method: 'DELETE' });
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ error: 'store_unavailable', detail: `attempt to write a readonly database (database ${dbPath})` });
  });
});
