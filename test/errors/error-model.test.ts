/**
 * The error registry and the error's own fields: a vendor's codes join the engine's without
 * redefining one, a code with several statuses documents each and is thrown with one of them (the
 * compiler refuses it otherwise: `npm run typecheck` checks the @ts-expect-error lines below), and
 * an error carries the headers of its answer. The answers themselves are tested through the real
 * server (test/security/error-statuses.test.ts, result-header.test.ts and the suites per surface).
 */
import { ERROR_CODES, ReceiverError, httpStatusOf, joinCodeTables, type ErrorCodeDoc } from '../../src/errors';

describe('the registry', () => {
  test("joins a vendor's table to the engine's: every code of both, once", () => {
    const engine = { a_code: { status: 400, meaning: 'a' } } as const;
    const vendor = { b_code: { status: 401, meaning: 'b' } } as const;
    const joined = joinCodeTables(engine, vendor);
    expect(Object.keys(joined)).toEqual(['a_code', 'b_code']);
    expect(joined.b_code.status).toBe(401);
  });

  test('a vendor cannot redefine a code another table has', () => {
    expect(() => joinCodeTables({ token_expired: { status: 401, meaning: 'engine' } }, { token_expired: { status: 400, meaning: 'vendor' } })).toThrow(
      'error code token_expired is defined twice',
    );
  });

  test("ERROR_CODES holds the vendor codes Zoho ASAP contributes beside the engine's", () => {
    for (const code of ['email_not_verified', 'access_token_missing', 'access_token_invalid', 'origin_not_allowed'])
      expect(Object.hasOwn(ERROR_CODES, code)).toBe(true);
    expect(httpStatusOf('origin_not_allowed')).toBe(403);
  });

  test('a code with several statuses documents each, its usual one among them', () => {
    const multi = Object.entries(ERROR_CODES as Record<string, ErrorCodeDoc>).filter(([, doc]) => doc.statuses);
    expect(Object.fromEntries(multi.map(([code, doc]) => [code, Object.keys(doc.statuses ?? {}).map(Number)]))).toEqual({
      method_not_allowed: [405, 501],
      request_too_large: [413, 414, 431],
    });
    for (const [, doc] of multi) expect(Object.keys(doc.statuses ?? {})).toContain(String(doc.status));
  });
});

describe('a ReceiverError', () => {
  test("carries the status chosen where it is thrown, and its answer's headers", () => {
    const err = new ReceiverError('request_too_large', 'Payload Too Large', 'the request body is over 64 kB', { status: 413 });
    expect({ code: err.code, status: err.status, message: err.message, detail: err.detail, headers: err.headers }).toEqual({
      code: 'request_too_large',
      status: 413,
      message: 'Payload Too Large',
      detail: 'the request body is over 64 kB',
      headers: {},
    });
    const withHeader = new ReceiverError('access_token_missing', 'Unauthorized', 'no Authorization header', {
      headers: { 'WWW-Authenticate': 'Bearer realm="x"' },
    });
    expect({ status: withHeader.status, headers: withHeader.headers }).toEqual({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="x"' } });
  });

  test('a code with one status takes it from the registry; the detail defaults to the message', () => {
    const err = new ReceiverError('tenant_unknown', 'Not Found');
    expect({ status: err.status, detail: err.detail }).toEqual({ status: 404, detail: 'Not Found' });
  });

  test('the compiler asks for the status of a code with several and takes only a documented one; at run time an undocumented one is not taken', () => {
    // @ts-expect-error request_too_large is 413, 414 or 431: the thrower must say which
    const unchosen = new ReceiverError('request_too_large', 'Too large', 'which part?');
    // @ts-expect-error 400 is not a status request_too_large is answered with
    const undocumented = new ReceiverError('request_too_large', 'Too large', 'which part?', { status: 400 });
    // @ts-expect-error tenant_unknown has one status; there is nothing to choose
    const overridden = new ReceiverError('tenant_unknown', 'Not Found', 'x', { status: 410 });
    // At run time (JavaScript callers have no compiler) an error still carries only a documented status: the usual one.
    expect([unchosen.status, undocumented.status, overridden.status]).toEqual([414, 414, 404]);
  });
});
