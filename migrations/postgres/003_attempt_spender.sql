-- The accepted attempt that spent a replay key, found by the key (a replay's "first used by attempt
-- K") without walking a tenant's attempts (as migrations/003_attempt_spender.sql). Partial: only
-- accepted attempts with a key are indexed, so refusals add nothing to it.
CREATE INDEX attempts_spender ON attempts (tenant, replay_key, id) WHERE accepted AND replay_key IS NOT NULL;
