-- The accepted attempt that spent a replay key, found by the key (a replay's "first used by attempt
-- K", the attempt detail, the dry run) without walking a tenant's attempts in id order: that walk
-- made each refused replay cost a scan of up to store.attemptsPerTenant rows (11 req/s in the bench).
-- Partial: only accepted attempts with a key are indexed, so refusals add nothing to it.
CREATE INDEX attempts_spender ON attempts (tenant, replay_key, id) WHERE accepted = 1 AND replay_key IS NOT NULL;
