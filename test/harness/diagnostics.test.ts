import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../support/records.js';
import { harnesses } from './support.js';

const harness = harnesses(afterAll);

describe("each invocation carries the handler's console output and its error with causes and inner errors", () => {
  it("Powertools' FullBatchFailureError: the record errors inside it, with their causes; console.log and console.error lines", async () => {
    const h = await harness('powertools-all-fail.mjs');
    const records = seqs(2).map((s) => ddb(s));
    const run = await h.run({ shards: [{ shardId: 's', records }], mapping: { MaximumRetryAttempts: 0, FunctionResponseTypes: ['ReportBatchItemFailures'] } });
    const first = run.trace.invocations[0]!;
    expect(first.outcome).toBe('function-error');
    expect(first.thrown).toMatchObject({ name: 'FullBatchFailureError' });
    expect(first.thrown!.errors).toHaveLength(2);
    expect(first.thrown!.errors![0]).toMatchObject({ name: 'Error', message: 'order projection failed', cause: { name: 'TypeError', message: expect.stringContaining("reading 'total'") } });
    expect(first.output!.lines).toEqual(['batch of 2', `processing ${records[0]!.dynamodb!.SequenceNumber}`, `processing ${records[1]!.dynamodb!.SequenceNumber}`]);
    expect(first.output!.cutLines).toBe(0);
  });

  it('AggregateError.errors, a non-Error cause, and output bounded with a count of what was cut', async () => {
    const h = await harness('noisy-aggregate.mjs');
    const run = await h.run({ shards: [{ shardId: 's', records: seqs(1).map((s) => ddb(s)) }], mapping: { MaximumRetryAttempts: 0 } });
    const first = run.trace.invocations[0]!;
    expect(first.thrown).toMatchObject({
      name: 'AggregateError', message: '1 record(s) failed',
      errors: [{ name: 'RangeError', message: 'first inner' }, { name: 'Error', message: 'second inner', cause: { name: 'string', message: '"a string cause"' } }],
    });
    // a logged error: its message, its stack frames as one line, paths relative to the project
    expect(first.output!.lines[0]).toBe('Error: logged before the loop');
    expect(first.output!.lines[1]).toMatch(/^ {4}… \d+ stack frame\(s\)$/);
    expect(first.output!.lines[2]).toBe('line 0');
    expect(first.output!.lines.join('\n')).not.toContain(process.cwd());
    expect(first.output!.lines.length).toBeLessThan(103);
    expect(first.output!.lines.length + first.output!.cutLines).toBe(103);
  });
});
