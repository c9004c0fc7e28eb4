import pino from 'pino';
import { receiverApi } from '../../src/http/receiver-api';
import { routeList } from '../../src/http/api';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver';
import { api, expectError, expectJson } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
});
afterAll(() => rx.stop());

/** `/_receiver/attempts/:id` -> `/_receiver/attempts/{id}`; `/_receiver/` and `/_receiver` are one route (the router is not strict). */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');

/** The routes of the real /_receiver router, as the app builds it. */
function routerRoutes(): string[] {
  const router = receiverApi({
    store: rx.store,
    tenants: rx.tenants,
    clock: rx.clock,
    logger: pino({ level: 'silent' }),
    maxUrlBytes: 16384,
    trustProxy: false,
    version: 'test',
  });
  return routeList(router).map((r) => {
    const [method, path] = r.split(' ') as [string, string];
    return `${method} ${openApiPath(path)}`;
  });
}

describe('GET /_receiver/openapi.json', () => {
  test('is an OpenAPI 3.1 document whose schema references all resolve', async () => {
    const doc = expectJson(await api(rx.url, 'GET', '/openapi.json'), 200);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toContain('inspection');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(doc.components.schemas).toHaveProperty(name);
  });

  test('no drift: every route of the router is described, and every described operation is a route', async () => {
    const doc = expectJson(await api(rx.url, 'GET', '/openapi.json'), 200);
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${openApiPath(path)}`),
    );
    const routes = routerRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(14);
    // A route added to src/http/receiver-api.ts (or src/http/api/) must be described in src/http/api/openapi.ts, and the other way round.
    expect({ undocumented: routes.filter((r) => !described.includes(r)), described_but_not_served: described.filter((d) => !routes.includes(d)) }).toEqual({
      undocumented: [],
      described_but_not_served: [],
    });
  });

  test('every guarded operation documents the access refusals; only health and the debugger page are open', async () => {
    const doc = expectJson(await api(rx.url, 'GET', '/openapi.json'), 200);
    const open: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (JSON.stringify(op.security) === '[{}]') open.push(`${method.toUpperCase()} ${path}`);
        else expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(open.sort()).toEqual(['GET /_receiver/', 'GET /_receiver/assets/{file}', 'GET /_receiver/health']);
  });

  test('what the document calls open is open, and every other operation is guarded (an admin token receiver, no token sent)', async () => {
    const guarded = await startTestReceiver({ server: { adminToken: 'admin-token-for-tests-0123456789' } });
    try {
      expect((await api(guarded.url, 'GET', '/health')).status).toBe(200);
      expect((await api(guarded.url, 'GET', '/')).status).toBe(200);
      const doc = expectJson(await api(rx.url, 'GET', '/openapi.json'), 200);
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { security: unknown[] }>>)) {
        for (const [method, op] of Object.entries(ops)) {
          if (JSON.stringify(op.security) === '[{}]') continue;
          const res = await api(
            guarded.url,
            method.toUpperCase(),
            path.replace('/_receiver', '').replace('{id}', 'default'),
            method === 'get' || method === 'delete' ? undefined : {},
          );
          expect([`${method} ${path}`, res.status, res.result]).toEqual([`${method} ${path}`, 401, 'admin_token_missing']);
        }
      }
      expect(guarded.clock.describe().mode).toBe('frozen');
      expect(guarded.tenants.list()).toHaveLength(1);
    } finally {
      await guarded.stop();
    }
  });
});

describe('paths under /_receiver/ that no route serves', () => {
  test('an unknown path is api_route_unknown (404, JSON) listing the routes, never a tenant page', async () => {
    const body = expectError(await api(rx.url, 'GET', '/nothing-here'), 404, 'api_route_unknown');
    expect(body.detail).toContain('GET /_receiver/attempts');
    expectError(await api(rx.url, 'GET', '/attempts/1/more'), 404, 'api_route_unknown');
  });

  test('a known path with another method is method_not_allowed (405) with Allow', async () => {
    const res = await api(rx.url, 'POST', '/clock', { frozenAt: 0 });
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PUT']);
    expect(rx.clock.describe().mode).toBe('frozen');
  });
});
