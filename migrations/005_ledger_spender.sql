-- The ledger row of a spent key names the attempt that spent it, written in the same transaction as
-- the login (an UPDATE of the row the login just inserted: its page is already being written).
-- This replaces the attempts_spender index (migration 003), a second b-tree every accepted login
-- wrote at a random position (keyed by replay key); a replay finds its first use by the ledger's
-- primary key instead, and an attempt pruned or cleared since is simply not found.
ALTER TABLE replay_ledger ADD COLUMN attempt_id INTEGER;
UPDATE replay_ledger SET attempt_id = (
  SELECT a.id FROM attempts a
  WHERE a.tenant = replay_ledger.tenant AND a.replay_key = replay_ledger.replay_key AND a.accepted = 1 AND a.replay_key IS NOT NULL
  ORDER BY a.id LIMIT 1);
DROP INDEX attempts_spender;
