import type { Verdict } from '../../verify/verdict';
import { attemptLink } from './debugger';
import { html, page, type SafeHtml } from './html';

export function checksTable(verdict: Verdict): SafeHtml {
  return html`<table><thead><tr><th>check</th><th>status</th><th>detail</th></tr></thead><tbody>${verdict.checks.map(
    (c) =>
      html`<tr><td><code>${c.name}</code></td><td class="${c.status}">${c.status}</td><td>${c.message}${c.hint && c.status !== 'fail' ? html`<br>How to fix: ${c.hint}` : ''}</td></tr>`,
  )}</tbody></table>`;
}

/**
 * The vendor's words first (what the real help center shows), then what it never says: the stable
 * code, the failing check and its numbers, and a link to the attempt in the debugger.
 */
export function refusalPage(vendor: string, verdict: Verdict, attemptId: number | null): string {
  const failed = verdict.checks.find((c) => c.status === 'fail');
  return page(
    `${vendor}: ${verdict.message ?? 'refused'}`,
    html`<h1>${verdict.message}</h1>
<div class="box"><p>helpdesk-jwt-receiver refused this ${vendor} login with code <code>${verdict.code}</code>${
      failed ? html` at check <code>${failed.name}</code>: ${failed.message}` : ''
    }</p>${failed?.hint ? html`<p class="hint">How to fix${failed.finding ? html` (<code>${failed.finding}</code>)` : ''}: ${failed.hint}</p>` : ''}${
      attemptId !== null
        ? html`<p><a class="attempt" href="${attemptLink(attemptId)}">Attempt #${attemptId}</a> in the debugger: its header, claims and every check.</p>`
        : ''
    }</div>
${checksTable(verdict)}`,
  );
}
