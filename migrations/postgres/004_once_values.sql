-- Single-use values the receiver hands out and takes back once (as migrations/004_once_values.sql):
-- an OIDC `state` with its `nonce`, a DiscourseConnect nonce. Redeemed by one UPDATE ... WHERE
-- used_at IS NULL RETURNING, so two replicas redeeming together cannot both win. A redeemed row
-- stays until it expires, so a second use is told apart ("used") from a value never issued.
CREATE TABLE once_values (
  tenant TEXT NOT NULL,
  purpose TEXT NOT NULL,
  value TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  data TEXT,
  PRIMARY KEY (tenant, purpose, value)
);
CREATE INDEX once_values_expiry ON once_values (expires_at);
