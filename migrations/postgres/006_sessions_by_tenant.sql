-- A tenant's sessions newest first, for housekeeping's "keep the newest store.sessionsPerTenant"
-- (SQLite's 006 has the same index, for the same query): without it each pass scans and sorts every
-- session of the tenant.
CREATE INDEX sessions_tenant_created ON sessions (tenant, created_at);
