import { describe, expect, it } from 'vitest';
import { counterexampleLines, differsAt, errorText } from '../../reports/format.js';
import { render as renderHtml } from '../../reports/html.js';
import { render as renderJunit } from '../../reports/junit.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { describeCounterexample } from '../../src/judge/counterexample.js';
import type { Difference } from '../../src/judge/differences.js';
import type { Trace } from '../../src/model/types.js';
import type { Counterexample, Report } from '../../reports/report.js';

const noFaults = { calls: [], invocations: [], reorder: false, seed: 0 };
const emptyTrace = { invocations: [], events: [], destinations: [], checkpoints: {}, discards: [], metrics: {} } as unknown as Trace;

function counterexample(differences: Difference[], trace: Trace = emptyTrace): Counterexample {
  return describeCounterexample({ shards: [], finalItems: undefined, faults: noFaults }, 'dynamodb', { message: 'm', differences }, trace, [], 'token');
}

function report(c: Counterexample): Report {
  return {
    schemaVersion: 2, tool: { name: 'stream-conformance', version: '0.0.0' }, ok: false, seed: 1, handler: 'h.ts', source: 'dynamodb', problems: [], warnings: [],
    rules: [{ id: 'idempotent-redelivery', status: 'fail', severity: 'error', runs: 1, durationMs: 1, message: 'm', counterexample: c }],
  };
}

// one side a list holding a binary set, the other a list holding a list of an empty string: both {"a":[[""]]} as plain JSON
const listOfBinarySet: Difference = {
  kind: 'changed', where: 'table replica', id: '["k"]', keys: ['pk=k'],
  expected: { pk: { S: 'k' }, a: { L: [{ BS: [''] }] } },
  actual: { pk: { S: 'k' }, a: { L: [{ L: [{ S: '' }] }] } },
};

describe('readable evidence (issue 14)', () => {
  it('a list holding a binary set versus a list holding a list: the DynamoDB types and the differing path are shown', () => {
    const c = counterexample([listOfBinarySet]);
    const d = c.differences![0]!;
    expect(JSON.stringify(d.expected)).toBe(JSON.stringify(d.actual)); // what used to be all there was to see
    expect(d.at).toEqual({ path: 'a[0]', expected: { type: 'BS', value: { BS: [''] } }, actual: { type: 'L', value: { L: [{ S: '' }] } } });
    expect(differsAt(d.at)).toBe('differs at a[0]: expected a binary set (BS) {"BS":[""]}, actual a list (L) {"L":[{"S":""}]}');
    expect(d.typed).toEqual({ expected: listOfBinarySet.expected, actual: listOfBinarySet.actual });
    const text = counterexampleLines(c).join('\n');
    expect(text).toContain('expected {"a":{"L":[{"BS":[""]}]},"pk":{"S":"k"}}');
    expect(text).toContain('→ differs at a[0]: expected a binary set (BS)');
    expect(renderMarkdown(report(c))).toContain('→ differs at a[0]');
    const html = renderHtml(report(c));
    expect(html).toContain('<mark>differs at a[0]: expected a binary set (BS) {&quot;BS&quot;:[&quot;&quot;]}');
    expect(html).toContain('the DynamoDB types differ');
  });

  it('a plain difference names its path and adds no typed view', () => {
    const c = counterexample([{ ...listOfBinarySet, expected: { pk: { S: 'k' }, n: { N: '1' } }, actual: { pk: { S: 'k' }, n: { N: '2' } } }]);
    expect(c.differences![0]).toMatchObject({ where: 'table replica', id: '["k"]', sourceKeys: ['pk=k'], at: { path: 'n' } });
    expect(differsAt(c.differences![0]!.at)).toBe('differs at n: expected a number (N) {"N":"1"}, actual a number (N) {"N":"2"}');
    expect(c.differences![0]!.typed).toBeUndefined();
  });

  it("each invocation's error (causes, inner errors) and console output reach the console, Markdown, HTML, JUnit and JSON reports", () => {
    const trace = {
      ...emptyTrace,
      invocations: [{
        shardId: 's', sequenceNumbers: ['1'], outcome: 'function-error', at: 0, durationMs: 1, requestId: 'r', attempt: 1, reason: 'first', iteratorAgeMs: 0,
        error: 'FullBatchFailureError: All records failed processing. See individual errors below.',
        thrown: {
          name: 'FullBatchFailureError', message: 'All records failed processing. See individual errors below.',
          errors: [{ name: 'Error', message: 'order projection failed', cause: { name: 'TypeError', message: "cannot read properties of undefined (reading 'total')" } }],
        },
        output: { lines: ['processing 1'], cutLines: 3 },
      }],
    } as unknown as Trace;
    const c = counterexample([], trace);
    expect(c.handlerOutput).toEqual([{
      invocation: 1, outcome: 'function-error',
      error: (trace.invocations[0] as { thrown: unknown }).thrown,
      console: ['processing 1', '… 3 more line(s) not kept'],
    }]);
    expect(errorText(c.handlerOutput![0]!.error)).toEqual([
      'FullBatchFailureError: All records failed processing. See individual errors below.',
      '  inner error 1 of 1: Error: order projection failed',
      "    caused by TypeError: cannot read properties of undefined (reading 'total')",
    ]);
    const r = report(c);
    for (const text of [counterexampleLines(c).join('\n'), renderMarkdown(r), renderJunit(r)]) {
      expect(text).toContain('inner error 1 of 1: Error: order projection failed');
      expect(text).toContain("caused by TypeError: cannot read properties of undefined (reading 'total')");
      expect(text).toContain('processing 1');
    }
    const html = renderHtml(r);
    expect(html).toContain('inner error 1 of 1: Error: order projection failed');
    expect(html).toContain('caused by TypeError: cannot read properties of undefined');
    expect(JSON.parse(JSON.stringify(r)).rules[0].counterexample.handlerOutput[0].error.errors[0].message).toBe('order projection failed');
  });
});
