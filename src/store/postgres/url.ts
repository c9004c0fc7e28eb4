/**
 * True for a URL the PostgreSQL engine takes. Apart from options.ts so that choosing the engine
 * does not load `pg` (a SQLite serve never needs it).
 */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value);
