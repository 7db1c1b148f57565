import { describe, expect, it } from 'vitest';
import { formatConsole, verdictLine } from '../../reports/console.js';
import { findingLines } from '../../reports/format.js';
import { render as renderGithub } from '../../reports/github.js';
import { render as renderHtml } from '../../reports/html.js';
import { renderMarkdown } from '../../reports/markdown.js';
import type { Report } from '../../reports/report.js';
import { loadReport } from './support.js';

/** The failing report with its first failure turned into a rule's own run (judged once: no replay token). */
function ownRunReport(): { report: Report; id: string } {
  const report = loadReport('failing');
  const index = report.rules.findIndex((r) => r.counterexample !== undefined);
  const rule = report.rules[index]!;
  report.rules[index] = { ...rule, counterexample: { ...rule.counterexample!, replay: '' } };
  return { report, id: rule.id };
}

describe("a rule's own run (judged once on its own records) shown as its counterexample", () => {
  it('is titled as such and has no replay command in any reporter', () => {
    const { report, id } = ownRunReport();
    const rule = report.rules.find((r) => r.id === id)!;
    const lines = findingLines(report, rule);
    expect(lines).toContain("The rule's own run:");
    expect(lines).not.toContain('Counterexample (shrunk):');
    expect(lines.some((l) => l.startsWith('Replay:'))).toBe(false);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("**The rule's own run**");
    expect(markdown.split(`**${"Replay"}**`).length - 1).toBe(report.rules.filter((r) => r.counterexample?.replay).length);
    expect(renderGithub(report)).not.toMatch(/--replay ''/);
    expect(formatConsole(report)).not.toMatch(/--replay ''/);
    const html = renderHtml(report);
    expect(html).toContain("<h3>The rule's own run</h3>");
    expect(html).not.toMatch(/--replay ''/);
  });

  it('the closing sentence offers to replay only a failure that has a token', () => {
    const { report, id } = ownRunReport();
    for (const rule of report.rules) if (rule.id !== id && rule.counterexample) rule.counterexample.replay = '';
    const line = verdictLine(report, false);
    expect(line).not.toMatch(/Replay the first failure|--replay/);
    expect(verdictLine(report, true)).not.toMatch(/replay one failure/);
  });
});
