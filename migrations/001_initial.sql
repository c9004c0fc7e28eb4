-- Receiver state. Times are milliseconds since the epoch, as read from the receiver's clock.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per accepted jti (or, for vendors without jti, per accepted token content). The primary
-- key is the replay check: a second INSERT of the same (tenant, replay_key) fails.
CREATE TABLE replay_ledger (
  tenant      TEXT NOT NULL,
  replay_key  TEXT NOT NULL,
  used_at     INTEGER NOT NULL,
  keep_until  INTEGER NOT NULL,
  PRIMARY KEY (tenant, replay_key)
) WITHOUT ROWID;
CREATE INDEX replay_ledger_keep_until ON replay_ledger (keep_until);

-- identity_key is what the vendor knows a user by: the normalised email, or its own id (`id:42`).
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  tenant         TEXT NOT NULL,
  identity_key   TEXT NOT NULL,
  email          TEXT NOT NULL,
  name           TEXT,
  first_name     TEXT,
  last_name      TEXT,
  external_id    TEXT,
  attributes     TEXT,
  login_count    INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  last_login_at  INTEGER NOT NULL,
  UNIQUE (tenant, identity_key)
);

-- The session id itself is only ever in the browser's cookie; the table keeps its SHA-256.
CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  tenant      TEXT NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Every consume attempt: never the token, the signature or a secret.
CREATE TABLE attempts (
  id          INTEGER PRIMARY KEY,
  tenant      TEXT NOT NULL,
  at          INTEGER NOT NULL,
  route       TEXT NOT NULL,
  accepted    INTEGER NOT NULL,
  code        TEXT,
  checks      TEXT NOT NULL,
  header      TEXT,
  claims      TEXT,
  email       TEXT,
  user_id     INTEGER,
  client_ip   TEXT,
  referer     TEXT
);
CREATE INDEX attempts_tenant_id ON attempts (tenant, id);
