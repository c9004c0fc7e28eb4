import { html, type SafeHtml } from './html';

/** Where the debugger lives; its assets are under `${DEBUGGER_PATH}assets/`. */
export const DEBUGGER_PATH = '/_receiver/';

/**
 * The debugger opened on one attempt. The id rides in the fragment, which the browser never sends,
 * so it shows in no server or proxy log; the page also reads `?attempt=` for clients that drop fragments.
 */
export function attemptLink(attemptId: number): string {
  return `${DEBUGGER_PATH}#attempt=${attemptId}`;
}

/**
 * The page is a static shell: every value it shows is fetched by its script from the inspection
 * API and set as text. The only dynamic part here is the version, escaped by `html`.
 */
export function debuggerPage(version: string): string {
  const assets = `${DEBUGGER_PATH}assets`;
  const body: SafeHtml = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Debugger - helpdesk-jwt-receiver</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets}/app.css">
<script type="module" src="${assets}/app.js"></script>
</head><body>
<header class="top">
  <h1>helpdesk-jwt-receiver <span class="sub">debugger</span> <span class="version">${version}</span></h1>
  <section class="clock" aria-label="Receiver clock">
    <div class="clock-line"><span class="label">Receiver clock</span> <strong id="clock-now">...</strong>
      <span id="clock-mode" class="badge">...</span> <span id="clock-drift" class="muted"></span></div>
    <div class="row">
      <button id="clock-freeze" type="button">Freeze now</button>
      <form id="clock-advance-form" class="inline"><label>Advance by
        <input id="clock-advance-seconds" type="number" value="60" step="1" size="6"> s</label>
        <button id="clock-advance" type="submit">Advance</button></form>
      <button id="clock-reset" type="button">Back to real time</button>
    </div>
    <p id="clock-status" class="notice"></p>
  </section>
  <section class="state" aria-label="Receiver state">
    <button id="state-reset" type="button" class="danger">Reset state...</button>
    <div id="state-confirm" class="confirm" hidden><p>Delete every attempt, replay-ledger key, user and session of every tenant?</p>
      <button id="state-reset-confirm" type="button" class="danger">Delete everything</button>
      <button id="state-reset-cancel" type="button">Cancel</button></div>
    <p id="state-status" class="notice"></p>
  </section>
  <section id="admin-box" class="confirm admin" hidden aria-label="Admin token">
    <form id="admin-form" class="row"><label>This receiver has <code>server.adminToken</code> set: enter it to use the API
      <input id="admin-token" type="password" autocomplete="off" size="24"></label>
      <button type="submit">Use token</button></form>
    <p class="muted">Kept in this tab only (sessionStorage) and sent as <code>Authorization: Bearer</code>.</p>
  </section>
</header>
<p id="boot" class="notice info">Loading the debugger script... If this message stays, ${assets}/app.js did not load:
build it with <code>npm run build</code>.</p>
<main>
  <section class="panel attempts" aria-label="Attempts">
    <h2>Attempts</h2>
    <form id="attempt-filter" class="row">
      <select id="filter-tenant" aria-label="Tenant"><option value="">all tenants</option></select>
      <select id="filter-result" aria-label="Result"><option value="">accepted and refused</option>
        <option value="true">accepted</option><option value="false">refused</option></select>
      <input id="filter-email" type="search" placeholder="email" aria-label="Email">
    </form>
    <p id="attempts-status" class="notice"></p>
    <div id="attempt-linked"></div>
    <div id="attempt-list"></div>
  </section>
  <section class="panel check" aria-label="Dry run">
    <h2>Dry run</h2>
    <p class="muted">The verdict the tenant would give this token now, by the receiver clock. Nothing is consumed or recorded.</p>
    <form id="check-form">
      <label class="field">Tenant <select id="check-tenant"></select></label>
      <label class="field">Token <textarea id="check-token" rows="5" spellcheck="false" autocomplete="off" placeholder="eyJhbGciOiJIUzI1NiIs..."></textarea></label>
      <button id="check-submit" type="submit">Check token</button>
    </form>
    <p id="check-status" class="notice"></p>
    <div id="verdict"></div>
  </section>
</main>
</body></html>`;
  return body.value;
}

/** Served as /_receiver/assets/app.css (style-src 'self': no inline style anywhere on the page). */
export const DEBUGGER_CSS = `*{box-sizing:border-box}[hidden]{display:none!important}
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
h1{font-size:1.25rem;margin:0 0 .5rem}h1 .sub{color:#57606a;font-weight:400}h1 .version{font-size:.75rem;color:#8c959f;font-weight:400}
h2{font-size:1.1rem;margin:0 0 .5rem}h3{font-size:.95rem;margin:.8rem 0 .3rem;color:#424a53}
code,textarea,.value{font:12.5px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}
.top{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start;padding:1rem 1.5rem;background:#fff;border-bottom:1px solid #d0d7de}
.top>h1{flex:1 0 100%}
.clock{flex:2 1 30rem}.state{flex:1 1 16rem}
.clock-line{margin-bottom:.4rem}.label{color:#57606a;margin-right:.3rem}#clock-now{font:600 1rem ui-monospace,"DejaVu Sans Mono",monospace}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}form.inline{display:inline-flex;gap:.4rem;align-items:center}
input[type=number]{width:6rem}input,select,textarea,button{font:inherit}
input,select,textarea{border:1px solid #d0d7de;border-radius:6px;padding:.3rem .45rem;background:#fff}
textarea{width:100%;resize:vertical;word-break:break-all}
button{border:1px solid #d0d7de;border-radius:6px;padding:.3rem .75rem;background:#f6f8fa;cursor:pointer}
button:hover{background:#eef1f4}button[type=submit]{background:#1f883d;color:#fff;border-color:#1a7f37}
button.danger{color:#cf222e}button.danger:hover{background:#ffebe9}button.small{font-size:.8rem;padding:.15rem .5rem}
.admin{flex:1 0 100%}.confirm{margin-top:.5rem;padding:.5rem .75rem;border:1px solid #ff8182;background:#fff5f5;border-radius:6px}.confirm p{margin:0 0 .4rem}
.notice{margin:.4rem 0;min-height:1.2em;color:#57606a}.notice.ok{color:#1a7f37}.notice.error{color:#cf222e;font-weight:600}
main{display:grid;grid-template-columns:minmax(0,1.4fr) minmax(0,1fr);gap:1rem;padding:1rem 1.5rem}
@media (max-width:1100px){main{grid-template-columns:minmax(0,1fr)}}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem;min-width:0}
#boot{margin:1rem 1.5rem}.muted{color:#6e7781}.field{display:block;margin-bottom:.6rem}.field select{margin-left:.3rem}
.attempt{border:1px solid #d0d7de;border-radius:6px;margin:.35rem 0;background:#fff}.attempt[open]{border-color:#8c959f}
.attempt summary{display:grid;grid-template-columns:3.5rem 4.8rem minmax(4rem,8rem) auto minmax(0,1fr) auto;gap:.6rem;align-items:center;padding:.35rem .6rem;cursor:pointer}
.attempt summary .id{color:#6e7781}.attempt summary .time{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.attempt summary .email,.attempt summary .route,.attempt summary .tenant{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.attempt.linked{border-color:#0969da;box-shadow:0 0 0 2px #54aeff66}.attempt summary .route{color:#6e7781;font-size:.85rem}.attempt-body{padding:.2rem .8rem .8rem;border-top:1px solid #d0d7de}
.badge{display:inline-block;border-radius:1rem;padding:0 .55rem;font-size:.8rem;font-weight:600;border:1px solid transparent;white-space:nowrap}
.badge.pass{background:#dafbe1;color:#116329}.badge.fail{background:#ffebe9;color:#a40e26}.badge.warn{background:#fff8c5;color:#7d4e00}
.badge.skip{background:#eaeef2;color:#57606a}.badge.mode-real{background:#ddf4ff;color:#0550ae}.badge.mode-frozen{background:#fbefff;color:#8250df}
.badge.mode-offset{background:#fff8c5;color:#7d4e00}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eaeef2;padding:.25rem .4rem;text-align:left;vertical-align:top}
thead th{color:#57606a;font-weight:600;font-size:.8rem}th.key{width:9rem;font:600 12.5px ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
td.message{word-break:break-word}tr.check.fail td{background:#fff5f5}tr.check.warn td{background:#fffdf0}
.value{white-space:pre-wrap;word-break:break-all}.instant{font-size:.82rem;color:#424a53}.delta{color:#0550ae}.delta.past{color:#57606a}
.result{padding:.5rem .7rem;border-radius:6px;margin:.6rem 0}.result.accepted{background:#dafbe1;color:#116329}.result.refused{background:#ffebe9;color:#82071e}
table.once-values .value{font-size:.8rem}tr.once:not(.redeemed):not(.not_redeemed) td{background:#fff5f5}
.result .why{color:#1f2328}.hint{color:#424a53;font-size:.85rem;word-break:break-word}.figures{color:#57606a;font:.8rem ui-monospace,monospace}.result .hint{display:block;margin-top:.3rem}`;
