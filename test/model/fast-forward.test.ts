import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { simulateWith } from '../../src/simulate.js';
import { defaultRetryBackoff } from '../../src/model/knobs.js';
import type { MappingInput } from '../../src/model/mapping.js';
import type { InvocationRecord, SimulateInput, SkippedAttempts, StreamEvent, StreamRecord, TimelineEvent, Trace } from '../../src/model/types.js';
import { formatTimeline } from '../../reports/timeline.js';
import { renderTimeline } from '../../reports/html-timeline.js';
import { readTrace } from '../../reports/html-trace.js';
import { ddb, kinesis, seqs, shardOf, t0 } from '../support/records.js';

const hour = 3_600_000;
const dlq = 'arn:aws:sqs:us-east-1:123456789012:dlq';
const seqOf = (r: StreamRecord) => ('kinesis' in r ? r.kinesis.sequenceNumber : r.dynamodb!.SequenceNumber!);

/**
 * The trace as it would be without fast-forward: each run of skipped attempts becomes the
 * invocations it stands for, and later events are placed among them again. Skipped request ids
 * are known only at both ends of a run (`undefined` in between).
 */
function expand(trace: Trace, backoff = defaultRetryBackoff): { invocations: Partial<InvocationRecord>[]; events: TimelineEvent[] } {
  const invocations: Partial<InvocationRecord>[] = [];
  const events: TimelineEvent[] = [];
  let next = 0;
  const upTo = (n: number) => {
    for (; next < n; next++) invocations.push(trace.invocations[next]!);
  };
  for (const event of trace.events) {
    upTo(event.invocationsBefore);
    if (event.type !== 'skipped') {
      events.push({ ...event, invocationsBefore: invocations.length });
      continue;
    }
    let at = event.at;
    for (let k = 0; k < event.count; k++) {
      const requestId = k === 0 ? event.firstRequestId : k === event.count - 1 ? event.lastRequestId : undefined;
      invocations.push({
        shardId: event.shardId, sequenceNumbers: event.sequenceNumbers, at, attempt: event.firstAttempt + k, requestId,
        ...event.invocation, ...(event.subStream !== undefined && { subStream: event.subStream }),
      });
      at += event.invocation.durationMs + backoff(event.failures + k + 1);
    }
    expect(at - event.invocation.durationMs - backoff(event.failures + event.count)).toBe(event.lastAt);
  }
  upTo(trace.invocations.length);
  return { invocations, events };
}

/** Compares an expanded fast-forwarded trace with the trace of the same run without fast-forward. */
function expectSameRun(fast: Trace, slow: Trace): void {
  const expanded = expand(fast);
  expect(expanded.invocations.length).toBe(slow.invocations.length);
  const withoutIteratorAge = (i: Partial<InvocationRecord>) => {
    const { iteratorAgeMs: _, requestId, ...rest } = i;
    return requestId === undefined ? rest : { ...rest, requestId };
  };
  expanded.invocations.forEach((inv, k) => {
    const plain = slow.invocations[k]!;
    const expected = inv.requestId === undefined ? { ...plain, requestId: undefined } : plain;
    expect(withoutIteratorAge(inv)).toEqual(withoutIteratorAge(expected));
  });
  expect(expanded.events).toEqual(slow.events);
  expect(fast.destinations).toEqual(slow.destinations);
  expect(fast.discards).toEqual(slow.discards);
  expect(fast.checkpoints).toEqual(slow.checkpoints);
  expect(fast.metrics).toEqual(slow.metrics);
  expect(fast.endTime).toBe(slow.endTime);
}

async function both(input: SimulateInput): Promise<{ fast: Trace; slow: Trace; calls: { fast: number; slow: number } }> {
  const calls = { fast: 0, slow: 0 };
  const counted = (which: 'fast' | 'slow') => (event: StreamEvent, context: unknown) => {
    calls[which]++;
    return input.handler(event, context);
  };
  const fast = await simulate({ ...input, handler: counted('fast'), knobs: { ...input.knobs, repeatableHandler: true } });
  const slow = await simulate({ ...input, handler: counted('slow'), knobs: { ...input.knobs, repeatableHandler: true, fastForward: false } });
  return { fast, slow, calls };
}

const skippedOf = (trace: Trace) => trace.events.filter((e): e is SkippedAttempts & TimelineEvent => e.type === 'skipped');
const skippedCount = (trace: Trace) => skippedOf(trace).reduce((n, e) => n + e.count, 0);

describe('fast-forward of identical failures', () => {
  it('a poison record with infinite retries on DynamoDB: a day of retries in a handful of invocations, to the same discard', async () => {
    const s = seqs(3);
    const poison = s[1]!;
    const { fast, slow, calls } = await both({
      shards: [shardOf(s.map((q, i) => ddb(q, { key: `k${i}`, atMs: t0 + i * 1000 })))],
      mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: (event: StreamEvent) => {
        if (event.Records.some((r) => seqOf(r) === poison)) throw new Error('poison');
      },
    });
    expectSameRun(fast, slow);
    expect(slow.invocations.length).toBeGreaterThan(1400);
    expect(calls.fast).toBeLessThan(30);
    // the poison, then the record that waited behind it all day
    expect(fast.discards.map((d) => [d.sequenceNumbers, d.condition])).toEqual([[[poison], 'RetentionExpired'], [[s[2]], 'RetentionExpired']]);
    const doc = fast.destinations[0]!.document;
    expect(doc.requestContext.approximateInvokeCount).toBe(slow.invocations.filter((i) => i.sequenceNumbers.includes(poison)).length + 1);
    expect(fast.metrics[shardOf([]).shardId]!.maxIteratorAgeMs).toBe(slow.metrics[shardOf([]).shardId]!.maxIteratorAgeMs);
    expect(skippedCount(fast) + fast.invocations.length).toBe(slow.invocations.length);
  });

  it('Kinesis with three days of retention and bisection: the poison is isolated, then fast-forwarded to expiry', async () => {
    const s = seqs(6, 49_000_000_000_000_000_000n);
    const poison = s[3]!;
    const { fast, slow, calls } = await both({
      source: 'kinesis',
      shards: [{ shardId: 'shardId-000000000000', records: s.map((q, i) => kinesis(q, { partitionKey: `p${i}`, atMs: t0 + i })) }],
      mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 6, BisectBatchOnFunctionError: true },
      knobs: { retentionHours: 72 },
      handler: (event: StreamEvent) => {
        if (event.Records.some((r) => seqOf(r) === poison)) throw new Error('poison');
      },
    });
    expectSameRun(fast, slow);
    expect(slow.invocations.length).toBeGreaterThan(72 * 60 - 10);
    expect(calls.fast).toBeLessThan(40);
    expect(fast.discards[0]).toMatchObject({ sequenceNumbers: [poison], condition: 'RetentionExpired' });
    expect(fast.discards[0]!.at - t0).toBeGreaterThan(72 * hour);
  });

  it('MaximumRecordAgeInSeconds ends the skipping at the record age, with the exact invoke count in the OnFailure document', async () => {
    const s = seqs(2);
    const { fast, slow } = await both({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRecordAgeInSeconds: 3600, FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: (event: StreamEvent) => ({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: seqOf(r) })) }),
    });
    expectSameRun(fast, slow);
    expect(fast.destinations[0]!.document.requestContext).toMatchObject({ condition: 'RecordAgeExceeded' });
    expect(skippedCount(fast)).toBeGreaterThan(40);
  });

  it('finite retries: the attempt that exhausts them runs, and the document matches', async () => {
    const s = seqs(1);
    const { fast, slow, calls } = await both({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 500, DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: () => {
        throw new TypeError('x is undefined');
      },
    });
    expectSameRun(fast, slow);
    expect(slow.invocations).toHaveLength(501);
    expect(calls.fast).toBeLessThan(15);
    expect(fast.invocations.at(-1)!.attempt).toBe(501);
    expect(fast.destinations[0]!.document.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 501 });
  });

  it('nothing is skipped unless the invoker says the attempt was repeatable', async () => {
    const s = seqs(1);
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 20 },
      handler: () => {
        throw new Error('poison');
      },
    });
    expect(trace.invocations).toHaveLength(21);
    expect(skippedOf(trace)).toEqual([]);
  });

  it('attempts run for real at 1, 2, 5, 11, 23, 47…: a handler that changes its answer is noticed within a doubling', async () => {
    const s = seqs(1);
    let calls = 0;
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON' },
      knobs: { repeatableHandler: true },
      handler: () => {
        if (++calls < 6) throw new Error('not yet');
      },
    });
    // (this handler breaks the contract — its module state decides — so the success comes late: attempt 47, not 6)
    expect(trace.invocations.map((i) => i.attempt)).toEqual([1, 2, 5, 11, 23, 47]);
    expect(trace.invocations.at(-1)!.outcome).toBe('success');
  });

  it('an invocation elsewhere that may have changed state makes the next attempt run for real', async () => {
    const poisoned = shardOf([ddb(seqs(1)[0]!)], 'shardId-00000001767225600000-0000aaaa');
    const busy = shardOf(seqs(12, 10n ** 21n).map((q, i) => ddb(q, { key: `b${i}`, atMs: t0 + i * 3_600_000 })), 'shardId-00000001767225600000-0000bbbb');
    const run = new Map<string, number[]>();
    const trace = await simulateWith(
      { shards: [poisoned, busy], mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
      (event, meta) => {
        run.set(meta.shardId, [...(run.get(meta.shardId) ?? []), meta.at]);
        // the busy shard writes (not repeatable); the poisoned one fails without effect
        return meta.shardId === poisoned.shardId ? { kind: 'throw', error: new Error('poison'), repeatable: true } : { kind: 'return', value: undefined };
      },
    );
    const busyAt = run.get(busy.shardId)!;
    const poisonAt = run.get(poisoned.shardId)!;
    expect(busyAt).toHaveLength(12);
    expect(skippedOf(trace).length).toBeGreaterThan(0);
    // after each write of the busy shard (while the poison is still retried), the poison's next attempt ran
    for (const at of busyAt.slice(0, -1)) expect(poisonAt.some((p) => p > at && p <= at + 61_000)).toBe(true);
  });

  it('the timeline tells how many identical attempts were skipped', async () => {
    const s = seqs(1);
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON' },
      knobs: { repeatableHandler: true },
      handler: () => {
        throw new Error('poison');
      },
    });
    const text = formatTimeline(trace);
    expect(text).toMatch(/… \d+ identical attempts skipped … .* tries #\d+–#\d+ until \+[\d.]+h, each → function-error: Error: poison/);
    // the HTML picture reads them back from the JSON report and marks them between the boxes
    const drawn = readTrace(JSON.parse(JSON.stringify(trace)))!;
    expect(drawn.events.filter((e) => e.type === 'skipped')).toHaveLength(skippedOf(trace).length);
    const { svg } = renderTimeline(drawn, { id: 't', records: [] });
    expect(svg).toContain('data-event="skipped"');
    expect(svg).toMatch(/… \d+ identical/);
  });

  it('never changes a run: traces with and without fast-forward agree on generated handlers that fail the same way each time', async () => {
    const scenario = fc.record({
      source: fc.constantFrom('dynamodb' as const, 'kinesis' as const),
      records: fc.integer({ min: 1, max: 8 }),
      poison: fc.uniqueArray(fc.nat({ max: 7 }), { minLength: 1, maxLength: 3 }),
      how: fc.constantFrom('throw', 'report', 'invalid', 'timeout', 'report-all'),
      spacingMs: fc.constantFrom(0, 1000, 600_000, 5 * hour),
      shards: fc.integer({ min: 1, max: 2 }),
      mapping: fc.record({
        BatchSize: fc.integer({ min: 1, max: 5 }),
        MaximumRetryAttempts: fc.constantFrom(-1, -1, -1, 0, 3, 200),
        MaximumRecordAgeInSeconds: fc.constantFrom(-1, -1, 60, 3600, 7200),
        BisectBatchOnFunctionError: fc.boolean(),
        ReportBatchItemFailures: fc.boolean(),
        ParallelizationFactor: fc.constantFrom(1, 1, 2),
        onFailure: fc.boolean(),
        TumblingWindowInSeconds: fc.constantFrom(0, 0, 0, 900),
      }),
      retentionHours: fc.constantFrom(24, 24, 2, 30),
      durationMs: fc.constantFrom(0, 0, 250),
    });
    let skippedRuns = 0;
    await fc.assert(fc.asyncProperty(scenario, async (sc) => {
      const shards = Array.from({ length: sc.shards }, (_, shard) => {
        const numbers = seqs(sc.records, 10n ** 20n + BigInt(shard) * 1000n);
        const key = (i: number) => `k${i % 3}`;
        const at = (i: number) => t0 + i * sc.spacingMs;
        return sc.source === 'kinesis'
          ? { shardId: `shardId-00000000000${shard}`, records: numbers.map((q, i) => kinesis(q, { partitionKey: key(i), atMs: at(i) })) as StreamRecord[] }
          : shardOf(numbers.map((q, i) => ddb(q, { key: key(i), atMs: at(i) })), `shardId-0000000176722560000${shard}-0000aaaa`);
      });
      const poison = new Set(shards.flatMap((s) => sc.poison.filter((p) => p < s.records.length).map((p) => seqOf(s.records[p]!))));
      const m = sc.mapping;
      const mapping: MappingInput = {
        StartingPosition: 'TRIM_HORIZON', BatchSize: m.BatchSize, MaximumRetryAttempts: m.MaximumRetryAttempts, MaximumRecordAgeInSeconds: m.MaximumRecordAgeInSeconds,
        BisectBatchOnFunctionError: m.BisectBatchOnFunctionError, ParallelizationFactor: m.ParallelizationFactor,
        ...(m.ReportBatchItemFailures && { FunctionResponseTypes: ['ReportBatchItemFailures'] }),
        ...(m.onFailure && { DestinationConfig: { OnFailure: { Destination: dlq } } }),
        ...(m.TumblingWindowInSeconds > 0 && { TumblingWindowInSeconds: m.TumblingWindowInSeconds }),
      };
      const bad = (event: StreamEvent) => event.Records.filter((r) => poison.has(seqOf(r)));
      const handler = (event: StreamEvent) => {
        const failing = bad(event);
        const state = event.window ? { state: { n: event.Records.length } } : {};
        if (failing.length === 0) return m.ReportBatchItemFailures ? { batchItemFailures: [], ...state } : event.window ? state : undefined;
        switch (sc.how) {
          case 'throw':
          case 'timeout':
            throw new Error(`poison ${seqOf(failing[0]!)}`);
          case 'report':
            return { batchItemFailures: failing.map((r) => ({ itemIdentifier: seqOf(r) })), ...state };
          case 'report-all':
            return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: seqOf(r) })), ...state };
          case 'invalid':
            return { batchItemFailures: [{ itemIdentifier: 'not-a-record' }], ...state };
        }
      };
      const durationMs = (event: StreamEvent) => (sc.how === 'timeout' && bad(event).length > 0 ? 5000 : sc.durationMs);
      const { fast, slow } = await both({
        source: sc.source, shards, mapping, handler, durationMs, knobs: { retentionHours: sc.source === 'dynamodb' ? 24 : sc.retentionHours },
      });
      expectSameRun(fast, slow);
      if (skippedCount(fast) > 0) skippedRuns++;
    }), { numRuns: 60, seed: 17 });
    expect(skippedRuns).toBeGreaterThan(15); // the property is about runs that did skip
  }, 120_000);
});
