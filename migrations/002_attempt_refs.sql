-- What an attempt spent and made, for GET /_receiver/attempts/:id: the replay-ledger key of its
-- token (jti:... or sha256:... of the signed content; never the token) and the SHA-256 of the
-- session it created (the stored form, never the session id itself).

ALTER TABLE attempts ADD COLUMN replay_key TEXT;
ALTER TABLE attempts ADD COLUMN session_hash TEXT;
