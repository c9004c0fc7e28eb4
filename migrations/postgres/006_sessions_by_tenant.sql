-- SQLite's 006 indexes sessions by (tenant, created_at) for its housekeeping's per-tenant trim of
-- sessions. This engine's housekeeping ends expired sessions only (by sessions_expires_at), so it needs
-- no such index; this file keeps the two engines' versions in step.
COMMENT ON INDEX sessions_expires_at IS 'Housekeeping ends expired sessions by this index.';
