import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import type { StreamEvent, Trace } from '../../src/model/types.js';
import { ddb, seqs, shardOf, t0 } from '../support/records.js';

const W = 60; // seconds
const at = (seconds: number) => t0 + seconds * 1000;
/** Sums record values into the state; the final invocation returns it untouched. */
const summing = (event: StreamEvent) => {
  const state = event.state as { sum?: number };
  const sum = (state.sum ?? 0) + event.Records.reduce((n, r) => n + Number((r as { dynamodb: { NewImage: { v: { N: string } } } }).dynamodb.NewImage.v.N.slice(-3)), 0);
  return { state: { sum } };
};
const checkpointsOf = (trace: Trace) => trace.events.filter((e) => e.type === 'checkpoint');

describe('tumbling windows (SPEC §3.5)', () => {
  it('aligns windows to the epoch on arrival time, passes state between invocations, and closes each window with a final invocation', async () => {
    const s = seqs(3);
    const events: StreamEvent[] = [];
    const trace = await simulate({
      shards: [shardOf([ddb(s[0]!, { atMs: at(10) }), ddb(s[1]!, { atMs: at(70) }), ddb(s[2]!, { atMs: at(80) })])],
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: W },
      handler: (event: StreamEvent) => {
        events.push(structuredClone(event));
        return summing(event);
      },
    });
    expect(trace.invocations.map((i) => [i.sequenceNumbers, i.window?.final, i.outcome])).toEqual([
      [[s[0]], false, 'success'],
      [[], true, 'success'],
      [[s[1]], false, 'success'],
      [[s[2]], false, 'success'],
      [[], true, 'success'],
    ]);
    expect(events[0]).toMatchObject({
      window: { start: new Date(t0).toISOString().replace('.000', ''), end: new Date(at(60)).toISOString().replace('.000', '') },
      state: {}, shardId: 'shardId-00000001767225600000-0000aaaa', eventSourceARN: expect.stringContaining(':table/orders/stream/'),
      isFinalInvokeForWindow: false, isWindowTerminatedEarly: false,
    });
    // the final invocation of a window carries its state and no records, at the window's end
    expect(events[1]).toMatchObject({ Records: [], state: { sum: 0 }, isFinalInvokeForWindow: true });
    expect(trace.invocations[1]!.at).toBe(at(60));
    expect(events[3]!.state).toEqual({ sum: 1 });
    expect(events[4]!.state).toEqual({ sum: 3 });
    // a new window starts with empty state
    expect(events[2]!.state).toEqual({});
  });

  it('moves the checkpoint only when the final invocation succeeds', async () => {
    const s = seqs(2);
    const trace = await simulate({
      shards: [shardOf([ddb(s[0]!, { atMs: at(1) }), ddb(s[1]!, { atMs: at(2) })])],
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: W, BatchSize: 1 },
      handler: summing,
    });
    expect(trace.invocations.map((i) => i.window?.final)).toEqual([false, false, true]);
    expect(checkpointsOf(trace)).toEqual([expect.objectContaining({ sequenceNumber: s[1], invocationsBefore: 3 })]);
  });

  it('a response without state is an invalid response, retried and finally discarded like a failed batch', async () => {
    const s = seqs(1);
    const trace = await simulate({
      shards: [shardOf([ddb(s[0]!, { atMs: at(1) })])],
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: W, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } },
      handler: () => ({ total: 1 }),
    });
    // the batch is retried once and discarded; the window still ends with a final invocation (which fails the same way)
    expect(trace.invocations.map((i) => [i.outcome, i.window?.final])).toEqual([
      ['invalid-response', false], ['invalid-response', false], ['invalid-response', true], ['invalid-response', true],
    ]);
    expect(trace.destinations).toHaveLength(1);
    expect(trace.invocations[0]!.error).toMatch(/no state/);
    expect(trace.destinations[0]!.document.responseContext?.functionError).toBeNull();
    expect(trace.checkpoints['shardId-00000001767225600000-0000aaaa']).toBe(s[0]);
  });

  it('a retry replays the batch with the state from before the failed attempt', async () => {
    const s = seqs(2);
    const seen: unknown[] = [];
    let calls = 0;
    await simulate({
      shards: [shardOf([ddb(s[0]!, { atMs: at(1) }), ddb(s[1]!, { atMs: at(50) })])],
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: W },
      handler: (event: StreamEvent) => {
        seen.push(structuredClone(event.state));
        const result = summing(event);
        (event.state as { sum?: number }).sum = 999; // mutating the given state changes nothing
        if (calls++ === 1) throw new Error('downstream unavailable');
        return result;
      },
    });
    expect(seen).toEqual([{}, { sum: 0 }, { sum: 0 }, { sum: 1 }]);
  });

  it('a failing final invocation holds the shard and is retried; exhausted, the window\'s records are discarded', async () => {
    const s = seqs(2);
    const trace = await simulate({
      shards: [shardOf([ddb(s[0]!, { atMs: at(1) }), ddb(s[1]!, { atMs: at(61) })])],
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: W, MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } },
      handler: (event: StreamEvent) => {
        if (event.isFinalInvokeForWindow && event.window!.start === new Date(t0).toISOString().replace('.000', '')) throw new Error('cannot write the aggregate');
        return summing(event);
      },
    });
    expect(trace.invocations.map((i) => [i.sequenceNumbers, i.window?.final, i.outcome])).toEqual([
      [[s[0]], false, 'success'],
      [[], true, 'function-error'],
      [[], true, 'function-error'],
      [[], true, 'function-error'],
      [[s[1]], false, 'success'],
      [[], true, 'success'],
    ]);
    expect(trace.destinations.map((d) => d.document.DDBStreamBatchInfo?.startSequenceNumber)).toEqual([s[0]]);
    expect(trace.invocations[4]!.at).toBeGreaterThanOrEqual(trace.invocations[3]!.at);
  });

  it('state over 1 MB ends the window early: the next invocation is final with isWindowTerminatedEarly', async () => {
    const s = seqs(3);
    const events: StreamEvent[] = [];
    const trace = await simulate({
      shards: [shardOf(s.map((q, i) => ddb(q, { atMs: at(i + 1) })))],
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: W, BatchSize: 1 },
      handler: (event: StreamEvent) => {
        events.push(event);
        const state = event.state as { blob?: string };
        return { state: { blob: (state.blob ?? '') + 'x'.repeat(600_000) } };
      },
    });
    expect(trace.invocations.map((i) => [i.sequenceNumbers.length, i.window?.final, i.window?.terminatedEarly])).toEqual([
      [1, false, false],
      [1, false, false],
      [0, true, true],
      [1, false, false],
      [0, true, false],
    ]);
    expect(events[2]!.isWindowTerminatedEarly).toBe(true);
    expect(events[3]!.state).toEqual({}); // the rest of the aligned window starts afresh
    expect(trace.invocations[2]!.at).toBeLessThan(at(60));
  });

  it("a shard's end closes its window at once; the child shard starts with fresh state", async () => {
    const [p0, p1, c0] = seqs(3);
    const events: StreamEvent[] = [];
    const trace = await simulate({
      shards: [
        shardOf([ddb(p0!, { atMs: at(1) }), ddb(p1!, { atMs: at(2) })], 'shardId-parent'),
        shardOf([ddb(c0!, { atMs: at(3) })], 'shardId-child', 'shardId-parent'),
      ],
      startTime: at(5),
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: W },
      handler: (event: StreamEvent) => {
        events.push(structuredClone(event));
        return summing(event);
      },
    });
    expect(trace.invocations.map((i) => [i.shardId, i.sequenceNumbers.length, i.window?.final])).toEqual([
      ['shardId-parent', 2, false],
      ['shardId-parent', 0, true],
      ['shardId-child', 1, false],
      ['shardId-child', 0, true],
    ]);
    expect(trace.invocations[1]!.at).toBe(at(5));
    expect(events[2]!.state).toEqual({});
  });

  it('never mixes windows in a batch, and every record is delivered in its own window exactly once when nothing fails', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 120 }), async (offsets, batchSize, window) => {
        const sorted = [...offsets].sort((a, b) => a - b);
        const s = seqs(sorted.length);
        const trace = await simulate({
          shards: [shardOf(sorted.map((o, i) => ddb(s[i]!, { atMs: at(o) })))],
          mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: window, BatchSize: batchSize },
          startTime: at(0),
          handler: summing,
        });
        const windowOf = new Map(s.map((q, i) => [q, Math.floor(at(sorted[i]!) / (window * 1000)) * window * 1000]));
        for (const invocation of trace.invocations) {
          for (const q of invocation.sequenceNumbers) expect(windowOf.get(q)).toBe(invocation.window!.start);
        }
        expect(trace.invocations.flatMap((i) => i.sequenceNumbers)).toEqual(s);
        const finals = trace.invocations.filter((i) => i.window!.final).map((i) => i.window!.start);
        expect(finals).toEqual([...new Set(windowOf.values())]);
        expect(trace.checkpoints['shardId-00000001767225600000-0000aaaa']).toBe(s.at(-1));
      }),
      { numRuns: 60 },
    ));
});
