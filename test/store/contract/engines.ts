import { openStore } from '../../../src/store';
import type { ReceiverStore } from '../../../src/store/contract';
import { openPostgresStore } from '../../../src/store/postgres';
import { refuseWrites } from '../../helpers/database';
import { suiteSchema, testPostgresUrl, withClient } from '../../helpers/postgres';

export interface EngineOptions {
  attemptsPerTenant?: number;
  sessionsPerTenant?: number;
}

/** One engine the store contract is checked against: a fresh, empty store per call. */
export interface Engine {
  name: 'sqlite' | 'postgres';
  open(options?: EngineOptions): Promise<ReceiverStore>;
  /** A second store on the same data whose writes the database refuses (a read-only file, role or server). */
  readOnly(store: ReceiverStore): Promise<ReceiverStore>;
  /** Closes every store opened and removes what they left (PostgreSQL schemas). */
  cleanup(): Promise<void>;
}

function sqliteEngine(): Engine {
  const opened: ReceiverStore[] = [];
  return {
    name: 'sqlite',
    async open(options = {}) {
      const store = await openStore(':memory:', {
        busyTimeoutMs: 100,
        attemptsPerTenant: options.attemptsPerTenant ?? 100,
        sessionsPerTenant: options.sessionsPerTenant,
      });
      opened.push(store);
      return store;
    },
    async readOnly(store) {
      // One SQLite connection is the store: refuse its writes (query_only), as a read-only file would.
      await refuseWrites(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    },
  };
}

function postgresEngine(): Engine {
  const opened: ReceiverStore[] = [];
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async open(options = {}) {
      const { schema } = suiteSchema();
      schemas.push(schema);
      const store = await openPostgresStore({
        url: testPostgresUrl(),
        schema,
        attemptsPerTenant: options.attemptsPerTenant ?? 100,
        sessionsPerTenant: options.sessionsPerTenant,
      });
      opened.push(store);
      return store;
    },
    async readOnly(store) {
      // Another replica whose connections are read-only (as on a standby): the server refuses its writes.
      const url = new URL(testPostgresUrl());
      url.searchParams.set('options', '-c default_transaction_read_only=on');
      const schema = (store as unknown as { schema: string }).schema;
      const ro = await openPostgresStore({ url: url.toString(), schema, attemptsPerTenant: 100 });
      opened.push(ro);
      return ro;
    },
    async cleanup() {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      const drop = schemas.splice(0);
      if (drop.length) await withClient(testPostgresUrl(), (c) => c.query(`DROP SCHEMA IF EXISTS ${drop.join(', ')} CASCADE`));
    },
  };
}

/** Both engines; every contract rule runs against each. */
export const engines = (): Engine[] => [sqliteEngine(), postgresEngine()];
