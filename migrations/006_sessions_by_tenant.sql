-- A tenant's sessions newest first, for housekeeping's "keep the newest store.sessionsPerTenant": without
-- it, each pass scanned and sorted the whole sessions table once per tenant (13 tenants over 129,000
-- sessions: ~450 ms, during which the store's worker served no login; the bench's late scenarios fell to
-- ~0.04 of the baseline with p99 ~270 ms). It grows at each tenant's newest end, as sessions are made.
CREATE INDEX sessions_tenant_created ON sessions (tenant, created_at);
