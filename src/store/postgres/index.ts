export { PostgresStore, openPostgresStore } from './store';
export { DEFAULTS as POSTGRES_DEFAULTS, DEFAULT_SCHEMA, isPostgresUrl, type PostgresStoreOptions } from './options';
