/**
 * The debugger page's script (served from /_receiver/assets/app.js as an ES module): attempts as
 * they arrive, the receiver clock, the dry-run form. It talks only to the inspection API, same origin.
 */
import { listTenants, onUnauthorized, setAdminToken } from './api.js';
import { AttemptList } from './attempts.js';
import { Checker } from './checker.js';
import { Controls } from './controls.js';
import { byId, notice } from './dom.js';
import { refreshDeltas } from './time.js';

const POLL_MS = 1000;

/**
 * The attempt the page's URL names: `#attempt=60` (the refusal page's and the log's links; a
 * fragment never reaches a server log), or `?attempt=60`.
 */
function linkedAttempt(): string | null {
  const id = new URLSearchParams(location.hash.replace(/^#/, '')).get('attempt') ?? new URLSearchParams(location.search).get('attempt');
  return id !== null && /^\d{1,15}$/.test(id) ? id : null;
}

async function loadTenants(attempts: AttemptList, checker: Checker): Promise<void> {
  try {
    const tenants = await listTenants();
    attempts.setTenants(tenants);
    checker.setTenants(tenants);
  } catch (err) {
    notice(byId('check-status'), 'error', `Could not read tenants: ${(err as Error).message}`);
  }
}

function start(): void {
  const attempts = new AttemptList();
  const checker = new Checker();
  const controls = new Controls({
    clockChanged: () => checker.recheck(),
    stateReset: () => {
      attempts.clear();
      void attempts.poll();
    },
  });
  byId('boot').remove();
  void loadTenants(attempts, checker);
  const linked = linkedAttempt();
  if (linked) attempts.show(linked);
  window.addEventListener('hashchange', () => {
    const id = linkedAttempt();
    if (id) attempts.show(id);
  });

  // A receiver with server.adminToken: ask for it once, then every call sends it.
  const adminBox = byId<HTMLElement>('admin-box');
  onUnauthorized(() => {
    adminBox.hidden = false;
  });
  byId('admin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setAdminToken(byId<HTMLInputElement>('admin-token').value.trim());
    byId<HTMLInputElement>('admin-token').value = '';
    adminBox.hidden = true;
    void loadTenants(attempts, checker);
  });

  // One poll at a time, a second apart: the clock first, so new rows are shown against it.
  const poll = async () => {
    await controls.poll();
    await attempts.poll();
    refreshDeltas();
    window.setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
  // A running clock moves on between polls.
  window.setInterval(() => controls.tick(), 250);
}

start();
