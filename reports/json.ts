import type { Report } from './report.js';

/** The JSON report of SPEC §1.5 (external checks read it). */
export function render(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
