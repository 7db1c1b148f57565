import { describe, expect, it } from 'vitest';
import { formatConsole, verdictLine } from '../../reports/console.js';
import { counterexampleLines, replayCommand } from '../../reports/format.js';
import { expectGolden, loadReport, mixedReport } from './support.js';

describe('console reporter', () => {
  it('failing report: header, a block per failing rule, the summary table (golden)', () => {
    expectGolden('console-failing.txt', formatConsole(loadReport('failing'), { color: false }));
  });

  it('passing report: header, table, "All rules passed." (golden)', () => {
    const text = formatConsole(loadReport('passing'), { color: false });
    expectGolden('console-passing.txt', text);
    expect(text).not.toMatch(/^FAIL|^WARN/m);
    expect(text).toMatch(/All rules passed\.\n$/);
  });

  it('a failure with no counterexample (a rule judged once) offers no replay command', () => {
    const report = loadReport('failing');
    report.rules = report.rules.map((rule) => (rule.status === 'fail' ? { ...rule, counterexample: undefined } : rule));
    expect(formatConsole(report, { color: false })).toMatch(/rules failed: .*\. Seed 5: rerun with --seed 5\.\n$/);
  });

  it('from the API (a vitest test), the seed to rerun with is an option of the call, not a CLI flag', () => {
    const report = { ...loadReport('failing'), replayCall: 'describeConformance' as const };
    expect(verdictLine(report)).toMatch(/\. Seed 5: rerun with describeConformance\(config, \{ seed: 5 \}\), or replay one failure with its command above\.$/);
  });

  it('without the console report above it (only files written), the verdict gives the first failure\'s replay command itself', () => {
    const report = loadReport('failing');
    const first = report.rules.find((rule) => rule.status === 'fail' && rule.counterexample !== undefined)!;
    const line = verdictLine(report, false);
    expect(line).not.toContain('above');
    expect(line.split('\n')).toEqual([expect.stringMatching(/rerun with --seed 5\.$/), `Replay the first failure (${first.id}): ${replayCommand(report, first.counterexample!.replay)}`]);
  });

  it('mapping line, warnings, problems, warn and skip rules (golden)', () => {
    const text = formatConsole(mixedReport(), { color: false });
    expectGolden('console-mixed.txt', text);
    expect(text).toContain('  mapping  BatchSize 10, retries 3, bisect on, ReportBatchItemFailures, OnFailure sqs\n');
    expect(text).toMatch(/^WARN per-key-ordering/m);
    expect(text).toMatch(/^expected-state +SKIP +0 +0\.0 s  \(no expectation configured/m);
    // a handler path with a space is quoted for the shell
    expect(text).toContain("Replay: npx conformance -c conformance.config.json 'src/my handler.ts#main' --replay ");
  });

  it('a run from the API with no config file replays through the API, not a command that would lose the config', () => {
    const { config: _file, ...report } = loadReport('failing');
    expect(replayCommand({ ...report, replayCall: 'describeConformance' }, 'tok')).toBe("describeConformance(config, { replay: 'tok' })");
    expect(replayCommand(report, 'tok')).toBe(`npx conformance ${report.handler} --replay tok`);
  });

  it('a failure block keeps every part: rule id, production, fix, records, faults, differences, timeline, calls, replay', () => {
    const report = loadReport('failing');
    const text = formatConsole(report, { color: false });
    for (const rule of report.rules.filter((r) => r.status === 'fail')) {
      const start = text.indexOf(`FAIL ${rule.id}  (`);
      expect(start, rule.id).toBeGreaterThan(-1);
      const block = text.slice(start, text.indexOf('\n\n', start));
      expect(block).toContain(rule.message);
      expect(block).toContain(`In production: ${rule.production}`);
      expect(block).toContain(`Fix: ${rule.fix}`);
      expect(block).toContain('Records (');
      expect(block).toContain('Faults:');
      // the differential rules compare with the same records run without faults; expected-state with downstream.expect
      expect(block).toContain(rule.counterexample!.expectedFrom === 'reference-run' ? 'Expected (the same records without faults: each once, in order) versus actual:' : 'Expected versus actual:');
      expect(block).toContain('Timeline:');
      expect(block).toContain('Downstream calls:');
      expect(block).toContain(`Replay: ${replayCommand(report, rule.counterexample!.replay)}`);
      expect(block).toContain('seed 5');
    }
  });

  it('colours only when asked: no escape codes at all without color', () => {
    const plain = formatConsole(mixedReport(), { color: false });
    expect(plain).not.toContain('\u001b');
    const colored = formatConsole(mixedReport(), { color: true });
    expect(colored).toContain('\u001b[31mFAIL idempotent-redelivery\u001b[0m');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('control characters from the report (a handler error in colour) never reach the terminal', () => {
    const report = loadReport('failing');
    const rule = report.rules.find((r) => r.status === 'fail')!;
    rule.message = 'boom \u001b[31mred\u001b[0m\u0007\nsecond line';
    report.warnings = ['\u001b[2Jcleared'];
    const text = formatConsole(report, { color: false });
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    expect(text).toContain('  boom \\u001b[31mred\\u001b[0m\\u0007\n  second line\n');
    expect(text).toContain('warning: \\u001b[2Jcleared');
  });

  it('long lists and large images are cut, saying how much was left out', () => {
    const base = loadReport('failing').rules.find((r) => r.id === 'per-key-ordering')!.counterexample!;
    const lines = counterexampleLines({
      ...base,
      records: [{ ...base.records[0]!, newImage: { blob: 'x'.repeat(1000) } }],
      differences: Array.from({ length: 11 }, (_, i) => ({ where: 'table t', id: `k${i}`, sourceKeys: [], expected: i, actual: undefined })),
      calls: Array.from({ length: 25 }, (_, i) => ({ invocation: 1, call: i, attempt: 1, service: 'sqs', operation: 'SendMessage', outcome: 'ok' as const })),
    });
    expect(lines.join('\n')).toMatch(/… \(\d+ chars\)/);
    expect(lines).toContain('  … 3 more key(s)');
    expect(lines).toContain('  … 5 more call(s)');
    expect(lines.filter((l) => l.startsWith('  invocation #1 call #'))).toHaveLength(20);
  });

  it('a MODIFY shows its old image when no earlier record shows it (the item was there before the counterexample), not again after its INSERT', () => {
    const base = loadReport('failing').rules.find((r) => r.id === 'per-key-ordering')!.counterexample!;
    const shard = base.records[0]!.shardId;
    const lines = counterexampleLines({
      ...base,
      records: [
        { shardId: shard, sequenceNumber: '100', eventName: 'MODIFY', key: { id: 'a' }, oldImage: { id: 'a', customer: 'c-1' }, newImage: { id: 'a', customer: 'c-3' } },
        { shardId: shard, sequenceNumber: '101', eventName: 'INSERT', key: { id: 'b' }, newImage: { id: 'b', n: 1 } },
        // the same image, its attributes listed in another order
        { shardId: shard, sequenceNumber: '102', eventName: 'MODIFY', key: { id: 'b' }, oldImage: { n: 1, id: 'b' }, newImage: { id: 'b', n: 2 } },
      ],
    });
    expect(lines.find((l) => l.includes(' 100 '))).toMatch(/MODIFY key \{"id":"a"\}  old \{"id":"a","customer":"c-1"\}  new \{"id":"a","customer":"c-3"\}$/);
    expect(lines.find((l) => l.includes(' 102 '))).toMatch(/MODIFY key \{"id":"b"\}  new \{"id":"b","n":2\}$/);
  });
});
