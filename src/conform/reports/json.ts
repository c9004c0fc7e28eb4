import type { ConformResult } from '../types';

/** The result for machines: everything but the screenshots' images (the HTML report has those). */
export function jsonReport(result: ConformResult): string {
  const captures = result.captures.map((c) => ({ ...c, screenshots: c.screenshots.map((s) => ({ label: s.label })) }));
  return `${JSON.stringify({ ...result, captures }, null, 2)}\n`;
}
