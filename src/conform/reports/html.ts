import { html, SafeHtml } from '../../http/pages/html';
import type { CaptureView, ConformResult, ModuleResult, ModuleStatus } from '../types';

/** One file, nothing fetched: the style inline, screenshots as data: URLs, no script. */
const STYLE = `body{font:14px/1.5 system-ui,sans-serif;max-width:68rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}code,pre{font:12px ui-monospace,monospace;background:#f6f8fa}
pre{padding:.5rem;overflow-x:auto;white-space:pre-wrap}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:.3rem;text-align:left;vertical-align:top}
.PASSED,.SUCCESS{color:#1a7f37}.FAILED,.FAILURE{color:#cf222e;font-weight:600}.WARNING{color:#9a6700}.SKIPPED,.INFO,.REVIEW{color:#6e7781}
.module,.capture{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}img{max-width:100%;border:1px solid #d0d7de}
.counts span{margin-right:1rem}`;

const json = (value: unknown): string => JSON.stringify(value, null, 2);

function moduleBlock(m: ModuleResult): SafeHtml {
  return html`<section class="module" id="module-${m.id}">
<h3><span class="${m.status}">${m.status}</span>${m.expected ? ' (expected)' : ''} <code>${m.id}</code> ${m.title}</h3>
<p>${m.summary}</p><p><small>Rule: ${m.rule}<br>Source: ${m.source}</small></p>
<table><tbody>${m.evidence.map(
    (e) =>
      html`<tr><td class="${e.level}">${e.level}</td><td>${e.message}${e.capture === undefined ? '' : html` <a href="#capture-${e.capture}">login #${e.capture + 1}</a>`}${
        e.data ? html`<pre>${json(e.data)}</pre>` : ''
      }</td></tr>`,
  )}</tbody></table></section>`;
}

function captureBlock(c: CaptureView, i: number): SafeHtml {
  const request = c.consume;
  return html`<section class="capture" id="capture-${i}">
<h3>Login #${i + 1}: ${c.label}</h3>
<table><tbody>
<tr><th>user</th><td>${c.user}</td></tr>
<tr><th>IdP URL</th><td><code>${c.idpUrl}</code></td></tr>
<tr><th>consume request</th><td>${request ? html`<code>${request.method} ${request.path}</code> (${request.urlLength} characters)<pre>${json(request.params)}</pre>` : 'not seen'}</td></tr>
<tr><th>receiver</th><td>${c.accepted === null ? 'no attempt recorded' : c.accepted ? 'accepted' : html`refused: <code>${c.code}</code>`}${c.landing ? html`, to <code>${c.landing}</code>` : ''}</td></tr>
${c.error ? html`<tr><th>error</th><td class="FAILURE">${c.error}</td></tr>` : ''}
<tr><th>token header</th><td><pre>${json(c.header)}</pre></td></tr>
<tr><th>token claims</th><td><pre>${json(c.claims)}</pre></td></tr>
<tr><th>checks</th><td>${c.checks.map((k) => html`<div><code>${k.name}</code> ${k.status}: ${k.message}</div>`)}</td></tr>
</tbody></table>
${c.screenshots.filter((s) => s.dataUrl.startsWith('data:image/')).map((s) => html`<figure><img alt="${s.label}" src="${s.dataUrl}"><figcaption>${s.label}</figcaption></figure>`)}
</section>`;
}

/**
 * The report for a person: every module with its evidence, every login with the token's header and
 * claims (never its signature: the run never keeps the token) and the browser's screenshots.
 */
export function htmlReport(result: ConformResult): string {
  const counts = (Object.entries(result.counts) as Array<[ModuleStatus, number]>).filter(([, n]) => n > 0);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Conformance: ${result.vendorName} &mdash; ${result.outcome}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><h1>${result.vendorName} conformance run: <span class="${result.outcome}" id="outcome">${result.outcome}</span></h1>
<p>Tenant <code>${result.tenant}</code> on <code>${result.receiverUrl}</code>, driver ${result.driver}, started ${result.startedAt}, ${Math.round(result.durationMs / 100) / 10} s.</p>
<p class="counts">${counts.map(([status, n]) => html`<span class="${status}">${n} ${status}</span>`)}</p>
${
  result.clock
    ? html`<p id="clock">IdP clock offset: ${result.clock.offsetSeconds} s (spread ${result.clock.spreadSeconds} s over ${result.clock.samples} logins; positive: the IdP is ahead)${result.clock.byClient.map(
        (c) => html`<br>from ${c.clientIp ?? 'an unknown address'}: ${c.offsetSeconds} s (spread ${c.spreadSeconds} s, ${c.samples} logins)`,
      )}.</p>`
    : ''
}
<h2>Modules</h2>
<table><thead><tr><th>module</th><th>status</th><th>summary</th></tr></thead><tbody>
${result.modules.map((m) => html`<tr><td><a href="#module-${m.id}"><code>${m.id}</code></a></td><td class="${m.status}">${m.status}${m.expected ? ' (expected)' : ''}</td><td>${m.summary}</td></tr>`)}
</tbody></table>
${result.modules.map(moduleBlock)}
<h2>Logins</h2>
${result.captures.map(captureBlock)}
</body></html>
`.value;
}
