import { consumeUrl, happyfoxToken, request, startTestReceiver, type TestReceiver } from '../helpers/receiver';

/**
 * The `/_receiver` router is asked only about paths under `/_receiver` (a login does not pay for its
 * ~30 routes): every path it matched before still reaches it, in any letter case and with a
 * trailing slash, and nothing else does.
 */
let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver();
});
afterAll(() => rx.stop());

describe('which paths reach the /_receiver router', () => {
  test.each(['/_receiver/health', '/_receiver/health/', '/_RECEIVER/health', '/_Receiver/Health/'])('%s is the health route', async (path) => {
    const res = await request(`${rx.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  test('/_receiver and /_receiver/ are the debugger page', async () => {
    for (const path of ['/_receiver', '/_receiver/']) {
      const res = await request(`${rx.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  test('an unknown /_receiver path is the API’s JSON 404, a path that only starts with the name is the tenant’s', async () => {
    const api = await request(`${rx.url}/_receiver/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.json().error).toBe('api_route_unknown');
    const tenant = await request(`${rx.url}/_receiverx/health`);
    expect(tenant.status).toBe(404);
    expect(tenant.result).toBe('route_unknown');
  });

  test('a login beside them is still accepted', async () => {
    const res = await request(consumeUrl(rx.url, '/jwt/', { token: await happyfoxToken() }));
    expect(res.status).toBe(302);
    expect(res.result).toBe('accepted');
  });
});
