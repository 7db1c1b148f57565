import { describe, expect, it } from 'vitest';
import { render, renderMarkdown } from '../../reports/markdown.js';
import { replayCommand } from '../../reports/format.js';
import { expectGolden, loadReport, mixedReport } from './support.js';

/** Lines that open or close a fenced code block come in pairs. */
function fencesBalanced(markdown: string): boolean {
  let open: string | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (line === open) open = undefined;
  }
  return open === undefined;
}

describe('markdown reporter', () => {
  it('failing report: status line, table, a <details> block per failure (golden)', () => {
    const report = loadReport('failing');
    const md = render(report);
    expectGolden('markdown-failing.md', md);
    expect(md.split('\n')[0]).toBe('## ❌ stream-conformance: 3 of 9 rules failed');
    expect(md).toContain('| Rule | Status | Runs | Time |');
    expect(md).toContain('| per-key-ordering | ❌ fail | 60 | 8.7 s |');
    expect(md).toContain('| batch-response-shape | ✅ pass | 60 | 1.8 s |');
    expect(md.match(/<details>/g)).toHaveLength(3);
    expect(md.match(/<\/details>/g)).toHaveLength(3);
    expect(fencesBalanced(md)).toBe(true);
    for (const rule of report.rules.filter((r) => r.status === 'fail')) {
      const block = md.slice(md.indexOf(`<b>${rule.id}</b>`), md.indexOf('</details>', md.indexOf(`<b>${rule.id}</b>`)));
      expect(block).toContain('**In production:**');
      expect(block).toContain('**Fix:**');
      expect(block).toContain('```text\nRecords (');
      expect(block).toContain(`\`\`\`sh\n${replayCommand(report, rule.counterexample!.replay)}\n\`\`\``);
    }
  });

  it('a fix\'s `code spans` stay code; the Markdown characters around them are escaped', () => {
    const report = loadReport('failing');
    const failing = report.rules.find((r) => r.status === 'fail')!;
    const md = render({ ...report, rules: report.rules.map((r) => (r === failing ? { ...r, fix: 'Search index: a `_bulk` answers 200 *even* when items failed: list it in downstream.ignoreFields (["sent_at"])' } : r)) });
    expect(md).toContain('**Fix:** Search index: a `_bulk` answers 200 \\*even\\* when items failed: list it in downstream.ignoreFields (\\["sent\\_at"\\])');
  });

  it('passing report: a clean summary without details (golden)', () => {
    const md = render(loadReport('passing'));
    expectGolden('markdown-passing.md', md);
    expect(md.split('\n')[0]).toBe('## ✅ stream-conformance: all 9 rules passed');
    expect(md).not.toContain('<details>');
    expect(md).not.toContain('❌');
    // skipped and warning rules are not counted as passed
    const rules = loadReport('passing').rules;
    const partly = { ...loadReport('passing'), rules: rules.map((r, i) => (i === 0 ? { ...r, status: 'skip' as const } : i === 1 ? { ...r, status: 'warn' as const } : r)) };
    expect(render(partly).split('\n')[0]).toBe('## ✅ stream-conformance: no rule failed (7 passed, 1 with a warning, 1 skipped)');
  });

  it('mapping, warnings, skip reasons; hostile text escaped, fences longer than the backticks inside (golden)', () => {
    const md = render(mixedReport());
    expectGolden('markdown-mixed.md', md);
    expect(md).toContain('mapping: BatchSize 10, retries 3, bisect on, ReportBatchItemFailures, OnFailure sqs');
    expect(md).toContain('| per-key-ordering | ⚠️ warn |');
    expect(md).toContain('- expected-state: no expectation configured');
    expect(md).toContain('### Failures and warnings');
    expect(md).toContain('&lt;b&gt;&amp;amp; "quoted" \'single\' \\| \\*stars\\* \\_under\\_ \\`tick\\`');
    expect(md).toContain('<summary>❌ <b>idempotent-redelivery</b> — redelivered records');
    expect(md).not.toMatch(/<summary>[^\n]*\\\*/); // no Markdown escapes inside HTML
    expect(md).toContain('````text\n');
    expect(fencesBalanced(md)).toBe(true);
    expect(md).toContain("'src/my handler.ts#main'");
  });

  it('without details: the table only', () => {
    const md = renderMarkdown(loadReport('failing'), { details: false });
    expect(md).not.toContain('<details>');
    expect(md).toContain('| expected-state | ❌ fail | 60 | 7.3 s |');
  });
});
