import { quoteIdent } from './migrate';

const USER_COLUMNS = `id, tenant, identity_key AS "identityKey", email, name, first_name AS "firstName", last_name AS "lastName",
  external_id AS "externalId", attributes, login_count AS "loginCount", created_at AS "createdAt", last_login_at AS "lastLoginAt"`;
const SESSION_COLUMNS = 'id_hash AS "idHash", tenant, user_id AS "userId", created_at AS "createdAt", expires_at AS "expiresAt"';
export const ATTEMPT_COLUMNS = `id, tenant, at, route, accepted, code, checks, header, claims, email, user_id AS "userId",
  client_ip AS "clientIp", referer`;

/**
 * The store's statements, every table named with its schema (no search_path: a connection pooler
 * in transaction mode keeps no session settings). Built once per store. Column aliases are quoted:
 * PostgreSQL folds unquoted names to lower case.
 */
export function statements(schema: string) {
  const s = quoteIdent(schema);
  const attemptInsert = `INSERT INTO ${s}.attempts (tenant, at, route, accepted, code, checks, header, claims, email, user_id, client_ip, referer, replay_key, session_hash)`;
  /**
   * A login in ONE statement, so one round trip and one implicit transaction: the ledger insert
   * (ON CONFLICT DO NOTHING: of concurrent uses of a key, on any replica, exactly one inserts; the
   * others wait for its commit and insert nothing), and only if it inserted: the user upsert, the
   * end of the session the browser came with, the new session, the attempt. A NOTIFY queued here is
   * sent at commit, never for a login rolled back.
   * $1 tenant, $2 key, $3 at, $4 keep_until, $5..$11 user, $12 replaced session hash, $13 new
   * session hash, $14 expires_at, $15 route, $16 code, $17 checks, $18 header, $19 claims,
   * $20 client_ip, $21 referer, $22 notify channel (null: none), $23 this store's id.
   */
  const login = (withKey: boolean) => `WITH spent AS (
      ${withKey ? `INSERT INTO ${s}.replay_ledger (tenant, replay_key, used_at, keep_until) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1` : 'SELECT 1 WHERE $2::text IS NULL AND $4::bigint IS NULL'}
    ), u AS (
      INSERT INTO ${s}.users (tenant, identity_key, email, name, first_name, last_name, external_id, attributes, login_count, created_at, last_login_at)
      SELECT $1::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text, 1, $3::bigint, $3::bigint WHERE EXISTS (SELECT 1 FROM spent)
      ON CONFLICT (tenant, identity_key) DO UPDATE SET
        email = excluded.email, name = excluded.name, first_name = excluded.first_name, last_name = excluded.last_name,
        external_id = excluded.external_id, attributes = excluded.attributes,
        login_count = users.login_count + 1, last_login_at = excluded.last_login_at
      RETURNING id
    ), ended AS (
      DELETE FROM ${s}.sessions WHERE id_hash = $12::text AND EXISTS (SELECT 1 FROM spent)
    ), made AS (
      INSERT INTO ${s}.sessions (id_hash, tenant, user_id, created_at, expires_at) SELECT $13::text, $1::text, u.id, $3::bigint, $14::bigint FROM u
    ), a AS (
      ${attemptInsert} SELECT $1::text, $3::bigint, $15::text, true, $16::text, $17::text, $18::text, $19::text, $6::text, u.id, $20::text, $21::text, $2::text, $13::text FROM u RETURNING id
    )
    SELECT u.id AS "userId", a.id AS "attemptId", CASE WHEN $22::text IS NULL THEN NULL ELSE pg_notify($22, $23::text || ':' || a.id) END AS notified
    FROM u, a`;
  return {
    loginWithKey: login(true),
    loginWithoutKey: login(false),
    /** $1..$14 as the attempt's columns, $15 channel, $16 store id. */
    recordAttempt: `WITH a AS (${attemptInsert} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id)
      SELECT id, CASE WHEN $15::text IS NULL THEN NULL ELSE pg_notify($15, $16::text || ':' || id) END AS notified FROM a`,
    ledgerEntry: `SELECT used_at AS "usedAt", keep_until AS "keepUntil" FROM ${s}.replay_ledger WHERE tenant = $1 AND replay_key = $2`,
    /** The key's use and the accepted attempt that spent it (while still recorded). */
    replayState: `SELECT l.used_at AS "usedAt", (SELECT a.id FROM ${s}.attempts a WHERE a.tenant = l.tenant AND a.replay_key = l.replay_key
        AND a.accepted AND a.replay_key IS NOT NULL ORDER BY a.id LIMIT 1) AS "firstAttempt"
      FROM ${s}.replay_ledger l WHERE l.tenant = $1 AND l.replay_key = $2`,
    endSession: `DELETE FROM ${s}.sessions WHERE id_hash = $1`,
    findSession: `SELECT ${SESSION_COLUMNS} FROM ${s}.sessions WHERE id_hash = $1 AND tenant = $2 AND expires_at > $3`,
    sessionByHash: `SELECT ${SESSION_COLUMNS} FROM ${s}.sessions WHERE id_hash = $1`,
    // COLLATE "C": ties ordered byte-wise, as SQLite orders text.
    liveSessions: `SELECT s.id_hash AS "idHash", s.tenant, s.user_id AS "userId", s.created_at AS "createdAt", s.expires_at AS "expiresAt", u.email
      FROM ${s}.sessions s JOIN ${s}.users u ON u.id = s.user_id
      WHERE s.expires_at > $1 AND ($2::text IS NULL OR s.tenant = $2) ORDER BY s.created_at DESC, s.id_hash COLLATE "C" LIMIT $3`,
    user: `SELECT ${USER_COLUMNS} FROM ${s}.users WHERE id = $1`,
    attempt: `SELECT ${ATTEMPT_COLUMNS}, replay_key AS "replayKey", session_hash AS "sessionHash" FROM ${s}.attempts WHERE id = $1`,
    lastAttemptId: `SELECT coalesce(max(id), 0) AS id FROM ${s}.attempts`,
    settingGet: `SELECT value FROM ${s}.settings WHERE key = $1`,
    settingInsert: `INSERT INTO ${s}.settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value`,
    onceIssue: `INSERT INTO ${s}.once_values (tenant, purpose, value, issued_at, expires_at, data) VALUES ($1, $2, $3, $4, $5, $6)`,
    // One statement decides: a second redemption waits for the first's row lock, then finds used_at set.
    onceRedeem: `UPDATE ${s}.once_values SET used_at = $4 WHERE tenant = $1 AND purpose = $2 AND value = $3 AND used_at IS NULL AND expires_at > $4
      RETURNING issued_at AS "issuedAt", data`,
    onceFind: `SELECT issued_at AS "issuedAt", used_at AS "usedAt", expires_at AS "expiresAt", data FROM ${s}.once_values WHERE tenant = $1 AND purpose = $2 AND value = $3`,
    users: { columns: USER_COLUMNS, table: `${s}.users` },
    tables: s,
  };
}

export type Statements = ReturnType<typeof statements>;
