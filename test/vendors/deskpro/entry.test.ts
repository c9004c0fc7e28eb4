import { SECRET, request, startTestReceiver, type TestReceiver } from '../../helpers/receiver';
import { cookieOf, deskproToken, url } from './support';

let rx: TestReceiver;
beforeAll(async () => {
  rx = await startTestReceiver({
    tenants: [
      { id: 'default', profile: 'deskpro', secret: SECRET, remoteLoginUrl: 'https://idp.example/sso' },
      { id: 'acme', profile: 'deskpro', secret: 'acme-secret', remoteLoginUrl: 'https://idp.example/sso?app=deskpro&lang=en#top' },
      { id: 'bare', profile: 'deskpro', secret: SECRET },
    ],
  });
});
afterAll(() => rx.stop());

/** The `return` query parameter of a Location, decoded. */
const returnOf = (location: string | null): string | null => new URL(location as string).searchParams.get('return');

describe('Deskpro SSO entry /login/authenticate/:usId', () => {
  test('redirects to the remote login URL with `return` = the absolute callback URL keeping the landing page', async () => {
    const res = await request(url(rx.url, '/login/authenticate/1', { return: '/new-ticket/' }));
    expect(res.status).toBe(302);
    const callback = `${rx.url}/login/authenticate-callback/1?return=/new-ticket/`;
    expect(res.location).toBe(`https://idp.example/sso?return=${encodeURIComponent(callback)}`);
    expect(returnOf(res.location)).toBe(callback);
  });

  test('without `return` the callback URL carries none; the usersource id is kept', async () => {
    const res = await request(`${rx.url}/login/authenticate/3`);
    expect(res.location).toBe(`https://idp.example/sso?return=${encodeURIComponent(`${rx.url}/login/authenticate-callback/3`)}`);
  });

  test("at /t/<id>/ the callback is the tenant's, and `&` joins a remote URL that has a query (before its fragment)", async () => {
    const res = await request(url(`${rx.url}/t/acme`, '/login/authenticate/1', { return: '/kb?x=1&y=2' }));
    const callback = `${rx.url}/t/acme/login/authenticate-callback/1?return=/kb%3Fx%3D1%26y%3D2`;
    expect(res.location).toBe(`https://idp.example/sso?app=deskpro&lang=en&return=${encodeURIComponent(callback)}#top`);
    const target = new URL(res.location as string);
    expect(target.searchParams.get('app')).toBe('deskpro');
    expect(new URL(target.searchParams.get('return') as string).searchParams.get('return')).toBe('/kb?x=1&y=2');
  });

  test('the round trip: the IdP appends `jwt` to `return`, the login lands on the requested page', async () => {
    const entry = await request(url(rx.url, '/login/authenticate/1', { return: '/new-ticket/' }));
    const back = returnOf(entry.location) as string;
    const res = await request(`${back}${back.includes('?') ? '&' : '?'}jwt=${await deskproToken({ id: 'rt-1', name: 'Round Trip' })}`);
    expect(res.result).toBe('accepted');
    expect(res.location).toBe('/new-ticket/');
    const page = await request(`${rx.url}/new-ticket/`, { headers: { cookie: cookieOf(res.headers) } });
    expect(page.body).toContain('Round Trip');
  });

  test("the agents' entry /agent/login/authenticate/:usId returns to the agent callback", async () => {
    const res = await request(url(rx.url, '/agent/login/authenticate/1', { return: '/kb' }));
    expect(res.location).toBe(`https://idp.example/sso?return=${encodeURIComponent(`${rx.url}/agent/login/authenticate-callback/1`)}`);
  });

  test('/login starts the SSO entry of usersource 1, keeping `return`', async () => {
    expect((await request(`${rx.url}/login`)).location).toBe('/login/authenticate/1');
    expect((await request(`${rx.url}/t/acme/login?return=/kb`)).location).toBe('/t/acme/login/authenticate/1?return=/kb');
  });

  test('with no remote login URL, a page says what to configure (200, never a 500)', async () => {
    const res = await request(url(`${rx.url}/t/bare`, '/login/authenticate/1', { return: '/new-ticket/' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.body).toContain('No remote login URL configured');
    expect(res.body).toContain('<code>remoteLoginUrl</code>');
    expect(res.body).toContain(`${rx.url}/t/bare/login/authenticate-callback/1?return=/new-ticket/&amp;jwt=&lt;jwt&gt;`);
    const agent = await request(`${rx.url}/t/bare/agent/login/authenticate/1`);
    expect(agent.status).toBe(200);
    expect(agent.body).toContain(`${rx.url}/t/bare/agent/login/authenticate-callback/1?jwt=&lt;jwt&gt;`);
  });

  test('a usersource id with URL syntax is encoded into the callback path, not interpreted', async () => {
    const res = await request(`${rx.url}/login/authenticate/a%3Fb%23c`);
    expect(returnOf(res.location)).toBe(`${rx.url}/login/authenticate-callback/a%3Fb%23c`);
  });

  test('the entry and the agent area are GET pages: POST is 405', async () => {
    expect((await request(`${rx.url}/login/authenticate/1`, { method: 'POST' })).status).toBe(405);
    expect((await request(`${rx.url}/agent`, { method: 'POST' })).status).toBe(405);
  });
});
