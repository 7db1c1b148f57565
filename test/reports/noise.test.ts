import { describe, expect, it } from 'vitest';
import { formatConsole } from '../../reports/console.js';
import { callLine, counterexampleLines, faultLine } from '../../reports/format.js';
import { render as renderJunit } from '../../reports/junit.js';
import { formatTimeline } from '../../reports/timeline.js';
import { counterexampleFaults } from '../../src/judge/counterexample.js';
import type { Trace } from '../../src/model/types.js';
import type { Counterexample } from '../../reports/report.js';
import { loadReport } from './support.js';

const record = (sequenceNumber: string) => ({ shardId: 'shardId-00000001767225600000-68a33353', sequenceNumber, eventName: 'INSERT', key: { id: 'a' } });

describe('reports without noise (issue 14)', () => {
  it('sequence numbers of different lengths are printed right-aligned, at one width', () => {
    const c: Counterexample = { records: [record('999999999999999999999'), record('1000000000000000000000')], faults: [], trace: {} as never, replay: 'x' };
    const lines = counterexampleLines(c).filter((l) => l.includes('INSERT'));
    expect(lines).toHaveLength(2);
    expect(lines[0]!.indexOf('INSERT')).toBe(lines[1]!.indexOf('INSERT'));
    expect(lines[0]).toContain(' 999999999999999999999 INSERT');
  });

  it('invocations are numbered from 1 in the timeline, the faults and the calls alike', () => {
    const trace = {
      invocations: [
        { shardId: 's', sequenceNumbers: ['1'], outcome: 'function-error', error: 'Error: boom', at: 0, durationMs: 1, requestId: 'r', attempt: 1, reason: 'first', iteratorAgeMs: 0 },
        { shardId: 's', sequenceNumbers: ['1'], outcome: 'success', at: 5, durationMs: 1, requestId: 'q', attempt: 2, reason: 'retry', iteratorAgeMs: 0 },
      ],
      events: [], destinations: [], checkpoints: {}, discards: [], metrics: {},
    } as unknown as Trace;
    const text = formatTimeline(trace);
    expect(text).toContain('#1 invoke first');
    expect(text).toContain('#2 invoke retry (attempt 2)');
    const faults = counterexampleFaults({ calls: [], invocations: [{ kind: 'timeout-after-calls', invocation: 0, calls: 1 }], reorder: false, seed: 0 });
    expect(faults).toEqual([{ kind: 'timeout-after-calls', invocation: 1, calls: 1 }]);
    expect(faults.map(faultLine)).toEqual(['invocation #1: times out after 1 downstream call(s)']);
    expect(callLine({ invocation: 1, call: 0, attempt: 2, service: 'sqs', operation: 'SendMessage', outcome: 'error', statusCode: 500, fault: 'server-error' }))
      .toBe('invocation #1 call #0.2 sqs SendMessage → error 500 (injected server-error)');
  });

  it("a rule's time is its own; the shared exploration is said once; JUnit's total is the run's time", () => {
    const report = loadReport('failing');
    report.rules = report.rules.map((r, i) => ({ ...r, durationMs: 100 * i }));
    report.explorationMs = 4000;
    report.durationMs = 5000;
    const text = formatConsole(report);
    expect(text).toMatch(/\d+ generated case\(s\) shared by the rules in 4\.0 s, 5\.0 s in all/);
    const junit = renderJunit(report);
    expect(junit).toMatch(/<testsuites [^>]*time="5(\.0+)?"/);
  });

  it('the console report leaves out the header and the warnings the CLI printed at the start', () => {
    const report = { ...loadReport('failing'), warnings: ['from the settings', 'from the run'] };
    const text = formatConsole(report, { color: false, printed: { header: true, warnings: ['from the settings'] } });
    expect(text).not.toContain('stream-conformance ');
    expect(text).not.toContain('from the settings');
    expect(text).toContain('warning: from the run');
  });
});
