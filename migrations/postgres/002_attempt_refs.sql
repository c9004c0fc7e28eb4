-- What an attempt spent and made, for GET /_receiver/attempts/:id (as migrations/002_attempt_refs.sql):
-- the replay-ledger key of its token (never the token) and the SHA-256 of the session it created.

ALTER TABLE attempts ADD COLUMN replay_key TEXT;
ALTER TABLE attempts ADD COLUMN session_hash TEXT;
