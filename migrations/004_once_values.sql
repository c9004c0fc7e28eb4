-- Single-use values the receiver hands out and takes back once: an OIDC `state` with its `nonce`
-- (Freshworks), a DiscourseConnect nonce. Kept in the store, beside the replay ledger, so a value
-- survives a restart and is redeemed once across replicas. A redeemed row stays until it expires,
-- so a second use is told apart ("used") from a value never issued ("unknown").
CREATE TABLE once_values (
  tenant TEXT NOT NULL,
  purpose TEXT NOT NULL,
  value TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  data TEXT,
  PRIMARY KEY (tenant, purpose, value)
);
CREATE INDEX once_values_expiry ON once_values (expires_at);
