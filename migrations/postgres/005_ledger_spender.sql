-- SQLite's 005 moves "which attempt spent this key" from an index into a ledger column, because on
-- SQLite the second b-tree cost every accepted login a random-position write. On PostgreSQL a login
-- is one statement and the partial index of 003 is kept: the replay answer reads it. This file keeps
-- the two engines' versions in step (a database migrated by one release has the same version on both).
COMMENT ON INDEX attempts_spender IS 'The accepted attempt that spent a replay key (a replay''s "first used by attempt K").';
