import { didYouMean, suggestionFor } from '../../src/config/did-you-mean';
import { knownSettingsAt } from '../../src/config/known-settings';
import { fileSchema } from '../../src/config/schema';
import { PROFILE_IDS } from '../../src/vendors';

const COMMANDS = ['serve', 'healthcheck', 'migrate', 'mint', 'check', 'help'];

describe('didYouMean: a suggestion only when the word is close', () => {
  test.each([
    ['srve', COMMANDS, 'serve'],
    ['serv', COMMANDS, 'serve'],
    ['chek', COMMANDS, 'check'],
    ['happyfx', PROFILE_IDS, 'happyfox'],
    ['zendsk', PROFILE_IDS, 'zendesk'],
    ['ZENDESK', PROFILE_IDS, 'zendesk'],
    ['zoho', PROFILE_IDS, 'zoho-asap'],
    ['prot', ['host', 'port', 'db'], 'port'],
    ['remoteLoginURL', ['remoteLoginUrl', 'remoteLogoutUrl', 'secret'], 'remoteLoginUrl'],
    ['warning', ['fatal', 'error', 'warn', 'info', 'debug', 'silent'], 'warn'],
  ] as Array<[string, readonly string[], string]>)('%s -> %s', (word, candidates, expected) => {
    expect(didYouMean(word, candidates)).toBe(expected);
  });

  test.each([
    ['start', COMMANDS],
    ['okta', PROFILE_IDS],
    ['gorgias', PROFILE_IDS],
    ['x', COMMANDS],
    ['colour', ['strictDocs', 'maxIatAgeSeconds', 'allowGet']],
    ['abc', ['db', 'host', 'port']], // short words: one edit at most
    ['serve', ['serve']], // the word itself is no suggestion
    ['mo', PROFILE_IDS],
  ] as Array<[string, readonly string[]]>)('%s: none', (word, candidates) => {
    expect(didYouMean(word, candidates)).toBeUndefined();
  });

  test('two candidates begun by the word: no guess between them', () => {
    expect(didYouMean('remote', ['remoteLoginUrl', 'remoteLogoutUrl'])).toBeUndefined();
  });

  test('suggestionFor: the sentence to append, or nothing', () => {
    expect(suggestionFor('srve', COMMANDS)).toBe('; did you mean serve?');
    expect(suggestionFor('start', COMMANDS)).toBe('');
  });
});

describe('knownSettingsAt: the settings of each level, from the schema', () => {
  test.each([
    [[], ['server', 'store', 'tenants']],
    [['server'], ['host', 'port', 'db', 'trustProxy', 'logLevel', 'busyTimeoutMs', 'maxUrlBytes', 'adminToken']],
    [['store'], ['attemptsPerTenant', 'sessionsPerTenant', 'housekeepingIntervalSeconds']],
    [
      ['tenants', 3],
      ['id', 'profile', 'secret', 'secrets', 'remoteLoginUrl', 'remoteLogoutUrl', 'whitelist', 'options'],
    ],
    [
      ['tenants', 0, 'whitelist'],
      ['enabled', 'mode', 'domains', 'allowMissingReferer'],
    ],
    [['tenants', 0, 'nothing'], []],
  ] as Array<[Array<string | number>, string[]]>)('%j', (path, keys) => {
    expect(knownSettingsAt(fileSchema, path)).toEqual(keys);
  });

  test('tenant options include the vendor options', () => {
    expect(knownSettingsAt(fileSchema, ['tenants', 0, 'options'])).toEqual(
      expect.arrayContaining(['maxIatAgeSeconds', 'strictDocs', 'allowGet', 'accessTokenTtlSeconds']),
    );
  });
});
