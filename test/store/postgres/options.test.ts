import { poolConfig, resolveOptions } from '../../../src/store/postgres/options';

/** How a URL and options become the pool's settings, and what `location` prints. */
describe('PostgreSQL store options', () => {
  test('defaults: 10 connections, 5 s to connect, 5 s per statement, schema helpdesk_jwt_receiver', () => {
    const o = resolveOptions({ url: 'postgres://hjr:s3cret@db.example:5432/app', attemptsPerTenant: 10 });
    expect(o).toMatchObject({ schema: 'helpdesk_jwt_receiver', poolSize: 10, connectTimeoutMs: 5000, statementTimeoutMs: 5000, shareEvents: true });
    expect(poolConfig(o)).toMatchObject({ max: 10, connectionTimeoutMillis: 5000, statement_timeout: 5000, query_timeout: 10_000 });
  });

  test("the URL's own parameters (schema, pool_size, connect_timeout in s, statement_timeout in ms); options win", () => {
    const url = 'postgresql://hjr:s3cret@db.example/app?sslmode=verify-full&schema=staging&pool_size=25&connect_timeout=3&statement_timeout=800';
    const o = resolveOptions({ url, attemptsPerTenant: 10 });
    expect(o).toMatchObject({ schema: 'staging', poolSize: 25, connectTimeoutMs: 3000, statementTimeoutMs: 800 });
    // sslmode (and sslrootcert, ...) go to pg as given; the receiver's own parameters do not.
    expect(o.connectionString).toBe('postgresql://hjr:s3cret@db.example/app?sslmode=verify-full');
    expect(resolveOptions({ url, attemptsPerTenant: 10, poolSize: 3, schema: 'other' })).toMatchObject({ poolSize: 3, schema: 'other' });
  });

  test('location: never the password, in the userinfo or as a parameter', () => {
    const o = resolveOptions({ url: 'postgres://hjr:s3cret@db.example/app?password=s3cret&sslmode=require', attemptsPerTenant: 10 });
    expect(o.location).toBe('postgres://hjr@db.example/app?sslmode=require&schema=helpdesk_jwt_receiver');
    expect(o.location).not.toContain('s3cret');
  });

  test('refused: another scheme, a schema that is not a plain identifier, a pool size that is not a positive whole number', () => {
    expect(() => resolveOptions({ url: 'mysql://x@y/z', attemptsPerTenant: 1 })).toThrow('postgres:// or postgresql://');
    expect(() => resolveOptions({ url: 'postgres://x@y/z?schema=a;drop', attemptsPerTenant: 1 })).toThrow('plain identifier');
    expect(() => resolveOptions({ url: 'postgres://x@y/z?pool_size=0', attemptsPerTenant: 1 })).toThrow('pool_size must be a positive whole number');
  });
});
