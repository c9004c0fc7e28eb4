/** Each engine setting is defined once: its zod default is what parsing applies and what the README table shows. */
import { settingRows } from '../../src/config/defaults';
import { SERVER_SETTINGS, STORE_SETTINGS, TENANT_OPTION_SETTINGS, WHITELIST_SETTINGS } from '../../src/config/engine-settings';
import { parseConfig } from '../../src/config/load';

test('parsing an empty config applies exactly the documented defaults', () => {
  const config = parseConfig({ tenants: [{ id: 'a', profile: 'mojo', secret: 's' }] });
  const rows = Object.fromEntries(settingRows().map((r) => [r.key, r.value]));
  const tenant = config.tenants[0]!;
  const parsed = {
    ...Object.fromEntries(Object.entries(config.server).map(([k, v]) => [`server.${k}`, v])),
    ...Object.fromEntries(Object.entries(config.store).map(([k, v]) => [`store.${k}`, v])),
    ...Object.fromEntries(Object.entries(tenant.options).map(([k, v]) => [`tenants[].options.${k}`, v])),
    ...Object.fromEntries(Object.entries(tenant.whitelist).map(([k, v]) => [`tenants[].whitelist.${k}`, v])),
  };
  expect(parsed).toEqual(rows);
  expect(rows['server.port']).toBe(8080);
});

test('every engine setting carries the sentence the README shows', () => {
  for (const group of [SERVER_SETTINGS, STORE_SETTINGS, TENANT_OPTION_SETTINGS, WHITELIST_SETTINGS]) {
    for (const schema of Object.values(group)) expect(schema.meta()?.description).toMatch(/\w{3}/);
  }
  expect(settingRows()).toHaveLength(
    [SERVER_SETTINGS, STORE_SETTINGS, TENANT_OPTION_SETTINGS, WHITELIST_SETTINGS].reduce((n, g) => n + Object.keys(g).length, 0),
  );
});
