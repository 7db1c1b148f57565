import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { TimelineEvent, Trace } from '../../src/model/types.js';
import type { CallFault } from '../../src/harness/faults.js';
import { ddb, seqs, t0 } from '../support/records.js';
import { Harness } from '../../src/harness/harness.js';
import { faults, harnesses, replicaTables } from './support.js';

const harness = harnesses(afterAll, { share: true });
const closing: Harness[] = [];
afterAll(() => Promise.all(closing.map((h) => h.close())));
const skipped = (events: TimelineEvent[]) => events.flatMap((e) => (e.type === 'skipped' ? [e] : []));

describe('fast-forward through the harness', () => {
  const records = seqs(2).map((s, i) => ddb(s, { key: `order-${i}` }));
  const poison = faults({ calls: [{ kind: 'poison', values: ['order-0'] }] });
  const mapping = { StartingPosition: 'TRIM_HORIZON' as const, FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1 };

  it('a poison record retried until it expires runs a handful of times, with the same outcome as running every retry', async () => {
    const h = await harness('mirror-document-client.ts');
    const knobs = { retentionHours: 3 }; // 180 retries: enough to show it, few enough to run each one
    const fast = await h.run({ shards: [{ shardId: 's', records }], faults: poison, mapping, knobs });
    const slow = await h.run({ shards: [{ shardId: 's', records }], faults: poison, mapping, knobs: { ...knobs, fastForward: false } });
    const skippedCount = skipped(fast.trace.events).reduce((n, e) => n + e.count, 0);
    expect(slow.trace.invocations.length).toBeGreaterThan(170);
    expect(fast.trace.invocations.length).toBeLessThan(20);
    expect(fast.trace.invocations.length + skippedCount).toBe(slow.trace.invocations.length);
    expect(fast.trace.discards).toEqual(slow.trace.discards);
    expect(fast.trace.metrics).toEqual(slow.trace.metrics);
    expect(fast.trace.checkpoints).toEqual(slow.trace.checkpoints);
    expect(fast.tables).toEqual(slow.tables);
    expect(fast.calls.every((c) => c.outcome === 'error' || c.input && JSON.stringify(c.input).includes('order-1'))).toBe(true);
  });

  it('a handler that reads its source table sees it change only when newer records are delivered: on one shard its retries are skipped, on two they are not, and both give the same outcome as running every retry', async () => {
    const orders = { TableName: 'orders', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] };
    const h = await harness('waits-for-source-state.mjs', { sourceTable: orders });
    // order-0 is NEW when its first record is delivered; a write an hour later makes it DONE
    const [s1, s2] = seqs(2);
    const first = ddb(s1!, { key: 'order-0', eventName: 'INSERT' });
    const done = ddb(s2!, { key: 'order-0', atMs: t0 + 3_600_000 });
    const itemsAfter = { [s1!]: { pk: { S: 'order-0' }, status: { S: 'NEW' } }, [s2!]: { pk: { S: 'order-0' }, status: { S: 'DONE' } } };
    const both = async (shards: { shardId: string; records: typeof first[] }[]) => {
      const input = { shards, mapping, itemsAfter, knobs: { retentionHours: 3 } };
      const fast = await h.run(input);
      const slow = await h.run({ ...input, knobs: { ...input.knobs, fastForward: false } });
      const skippedCount = skipped(fast.trace.events).reduce((n, e) => n + e.count, 0);
      expect(fast.trace.invocations.length + skippedCount).toBe(slow.trace.invocations.length);
      expect(fast.trace.discards).toEqual(slow.trace.discards);
      expect(fast.trace.checkpoints).toEqual(slow.trace.checkpoints);
      expect(fast.tables).toEqual(slow.tables);
      // the source table is not a downstream table
      expect(Object.keys(fast.tables)).toEqual(['replica']);
      return { fast, skippedCount };
    };
    // one shard: the DONE record waits behind the failing one, so no retry can see it
    const one = await both([{ shardId: 's', records: [first, done] }]);
    expect(one.skippedCount).toBeGreaterThan(0);
    expect(one.fast.trace.discards.flatMap((d) => d.sequenceNumbers)).toEqual([s1]);
    // two shards: the DONE record is delivered on the other one after an hour, and the next retry goes through
    const two = await both([{ shardId: 's-a', records: [first] }, { shardId: 's-b', records: [done] }]);
    expect(two.fast.trace.discards).toEqual([]);
    expect(two.fast.tables.replica).toEqual([{ pk: { S: 'order-0' }, status: { S: 'DONE' } }]);
  });

  it('a harness started with fastForward false runs every attempt (what the zoo check compares with)', async () => {
    const h = await harness('mirror-document-client.ts', { fastForward: false });
    const retried = { ...mapping, MaximumRetryAttempts: 20 };
    const run = await h.run({ shards: [{ shardId: 's', records }], faults: poison, mapping: retried });
    expect(skipped(run.trace.events)).toEqual([]);
    expect(run.trace.invocations.length).toBe(22); // order-0's 21 attempts, then order-1
    // a run's own knobs still win
    const fast = await h.run({ shards: [{ shardId: 's', records }], faults: poison, mapping: retried, knobs: { fastForward: true } });
    const skippedCount = skipped(fast.trace.events).reduce((n, e) => n + e.count, 0);
    expect(skippedCount).toBeGreaterThan(0);
    expect(fast.trace.invocations.length + skippedCount).toBe(22);
  });

  it('does not skip while a fault aimed at a call or invocation index is still ahead', async () => {
    const h = await harness('mirror-document-client.ts');
    const later = faults({
      calls: [{ kind: 'poison', values: ['order-0'] }, { kind: 'error', call: 12, error: 'throttling', attempts: 1 }],
      invocations: [{ kind: 'cold-start', invocation: 6 }],
    });
    const run = await h.run({ shards: [{ shardId: 's', records }], faults: later, mapping, knobs: { retentionHours: 3 } });
    const first = skipped(run.trace.events)[0]!;
    // call 12 is the 13th attempt's write (one write per attempt): nothing is skipped before it has been made
    expect(first.invocationsBefore).toBeGreaterThanOrEqual(13);
    expect(Math.max(...run.calls.filter((c) => c.invocation < first.invocationsBefore).map((c) => c.call))).toBeGreaterThanOrEqual(12);
  });

  it('skips the retries of an attempt that throws before any call, even with faults aimed at call indexes still ahead, as running each would end', async () => {
    const h = await harness('rejects-before-calls.mjs');
    // order-1 is written an hour later, so it outlives order-0 (3 h retention) and its calls come after
    // order-0's retries, which never make one: the faults wait for them
    const later = [ddb(seqs(2)[0]!, { key: 'order-0' }), ddb(seqs(2)[1]!, { key: 'order-1', atMs: t0 + 3_600_000 })];
    const input = {
      shards: [{ shardId: 's', records: later }], mapping: { StartingPosition: 'TRIM_HORIZON' as const, BatchSize: 1 }, knobs: { retentionHours: 3 },
      faults: faults({ calls: [{ kind: 'error', call: 0, error: 'throttling', attempts: 1 }, { kind: 'error', call: 1, error: 'server-error', attempts: 9 }] }),
    };
    const fast = await h.run(input);
    const slow = await h.run({ ...input, knobs: { ...input.knobs, fastForward: false } });
    const skippedCount = skipped(fast.trace.events).reduce((n, e) => n + e.count, 0);
    expect(slow.trace.invocations.length).toBeGreaterThan(170);
    expect(fast.trace.invocations.length).toBeLessThan(20);
    expect(fast.trace.invocations.length + skippedCount).toBe(slow.trace.invocations.length);
    expect(fast.trace.discards).toEqual(slow.trace.discards);
    expect(fast.trace.metrics).toEqual(slow.trace.metrics);
    expect(fast.calls.map(({ call, attempt, outcome, fault }) => ({ call, attempt, outcome, fault }))).toEqual(slow.calls.map(({ call, attempt, outcome, fault }) => ({ call, attempt, outcome, fault })));
    expect(fast.calls.some((c) => c.fault !== undefined)).toBe(true);
    expect(fast.tables).toEqual(slow.tables);
  });

  it('skips the retries of a _bulk whose every write is refused as a version conflict, as running each would end', async () => {
    const h = await harness('search-versioned-bulk.mjs', { search: [{ endpoint: 'https://es8.example.com', engine: 'elasticsearch' }] });
    // the busy node rejects order-1 once: order-0 is indexed, and from then on both are refused with 409 on every retry
    const input = {
      shards: [{ shardId: 's', records }], mapping: { StartingPosition: 'TRIM_HORIZON' as const, BatchSize: 2 }, knobs: { retentionHours: 2 },
      faults: faults({ calls: [{ kind: 'partial-batch', call: 0, failed: [1] }] }),
    };
    const fast = await h.run(input);
    const slow = await h.run({ ...input, knobs: { ...input.knobs, fastForward: false } });
    const skippedCount = skipped(fast.trace.events).reduce((n, e) => n + e.count, 0);
    expect(slow.trace.invocations.length).toBeGreaterThan(110);
    expect(fast.trace.invocations.length).toBeLessThan(15);
    expect(fast.trace.invocations.length + skippedCount).toBe(slow.trace.invocations.length);
    expect(String(fast.trace.invocations.at(-1)!.error)).toContain('2 item(s) failed: version_conflict_engine_exception, version_conflict_engine_exception');
    expect(fast.trace.discards).toEqual(slow.trace.discards);
    expect(fast.trace.metrics).toEqual(slow.trace.metrics);
    expect(fast.search).toEqual(slow.search);
  });

  it('skips the retries of a failing attempt that rewrites what the table already holds, with the same outcome as running each', async () => {
    const h = await Harness.start({ handler: 'examples/poison-infinite-retries/handler.mjs', tables: [{ ...replicaTables[0]!, TableName: 'orders-replica' }] });
    closing.push(h);
    // the first record of the batch is written, the second always fails and the handler throws: each attempt rewrites the first
    const input = { shards: [{ shardId: 's', records }], faults: faults({ calls: [{ kind: 'poison', values: ['order-1'] }] }), mapping: { StartingPosition: 'TRIM_HORIZON' as const, BatchSize: 2, MaximumRetryAttempts: 12 } };
    const fast = await h.run(input);
    const slow = await h.run({ ...input, knobs: { fastForward: false } });
    const skippedCount = skipped(fast.trace.events).reduce((n, e) => n + e.count, 0);
    expect(slow.trace.invocations).toHaveLength(13);
    expect(fast.trace.invocations.length).toBeLessThan(8);
    expect(fast.trace.invocations.length + skippedCount).toBe(13);
    expect(fast.tables).toEqual(slow.tables);
    expect(fast.trace.discards).toEqual(slow.trace.discards);
    expect(fast.trace.metrics).toEqual(slow.trace.metrics);
  });

  it('does not skip when each failing attempt changes the table', async () => {
    const h = await harness('random-writer.mjs');
    // every attempt writes new random values for the first record before the second fails
    const run = await h.run({ shards: [{ shardId: 's', records }], faults: faults({ calls: [{ kind: 'poison', values: ['order-1'] }] }), mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 2, MaximumRetryAttempts: 12 } });
    expect(skipped(run.trace.events)).toEqual([]);
    expect(run.trace.invocations).toHaveLength(13);
  });

  /** Each invocation's records and outcome, the skipped attempts put back where they were. */
  const attempts = (trace: Trace) => {
    const out: string[] = [];
    const run = (i: number) => {
      const { sequenceNumbers, outcome, error } = trace.invocations[i]!;
      out.push(JSON.stringify([sequenceNumbers, outcome, error ?? null]));
    };
    let next = 0;
    for (const event of trace.events) {
      for (; next < event.invocationsBefore; next++) run(next);
      if (event.type !== 'skipped') continue;
      for (let k = 0; k < event.count; k++) out.push(JSON.stringify([event.sequenceNumbers, event.invocation.outcome, event.invocation.error ?? null]));
    }
    for (; next < trace.invocations.length; next++) run(next);
    return out;
  };

  it('never changes a run of a handler that throws before any call or whose writes are refused as conflicts, whatever call faults lie ahead', async () => {
    const search = [{ endpoint: 'https://es8.example.com', engine: 'elasticsearch' as const }];
    const handlers = {
      'rejects-before-calls.mjs': await harness('rejects-before-calls.mjs'),
      'search-versioned-bulk.mjs': await harness('search-versioned-bulk.mjs', { search }),
      // the same, logging each delivery as a new document: no attempt may be skipped
      'search-versioned-bulk.mjs, logged': await harness('search-versioned-bulk.mjs', { search, environment: { AUDIT_INDEX: 'deliveries' } }),
    };
    const fault: fc.Arbitrary<CallFault> = fc.oneof(
      fc.record({ kind: fc.constant('error' as const), call: fc.nat({ max: 10 }), error: fc.constantFrom('throttling' as const, 'server-error' as const, 'network-reset' as const), attempts: fc.constantFrom(1, 2, 99) }),
      fc.record({ kind: fc.constant('partial-batch' as const), call: fc.nat({ max: 10 }), failed: fc.uniqueArray(fc.nat({ max: 2 }), { minLength: 1, maxLength: 2 }) }),
    );
    const scenario = fc.record({
      handler: fc.constantFrom('rejects-before-calls.mjs' as const, 'search-versioned-bulk.mjs' as const, 'search-versioned-bulk.mjs, logged' as const),
      records: fc.integer({ min: 3, max: 5 }),
      // a record of a key already written, with an older version: refused with 409 on every delivery
      stale: fc.option(fc.integer({ min: 2, max: 4 }), { freq: 4 }),
      laterMs: fc.constantFrom(0, 600_000, 2_400_000),
      calls: fc.array(fault, { maxLength: 3 }),
      BatchSize: fc.integer({ min: 1, max: 3 }),
      MaximumRetryAttempts: fc.constantFrom(-1, -1, 5),
    });
    let skippedRuns = 0;
    await fc.assert(fc.asyncProperty(scenario, async (sc) => {
      const shard = seqs(sc.records).map((s, i) => ddb(s, { key: `order-${i % 2}`, atMs: t0 + i * sc.laterMs }));
      if (sc.stale !== null) shard[Math.min(sc.stale, shard.length - 1)]!.dynamodb!.NewImage!.v = { N: '0' };
      const input = {
        shards: [{ shardId: 's', records: shard }], mapping: { StartingPosition: 'TRIM_HORIZON' as const, BatchSize: sc.BatchSize, MaximumRetryAttempts: sc.MaximumRetryAttempts },
        knobs: { retentionHours: 1 }, faults: faults({ calls: sc.calls }),
      };
      const h = handlers[sc.handler];
      const fast = await h.run(input);
      const slow = await h.run({ ...input, knobs: { ...input.knobs, fastForward: false } });
      expect(attempts(fast.trace)).toEqual(attempts(slow.trace));
      for (const part of ['discards', 'destinations', 'checkpoints', 'metrics', 'endTime'] as const) expect(fast.trace[part]).toEqual(slow.trace[part]);
      expect(fast.tables).toEqual(slow.tables);
      expect(fast.search).toEqual(slow.search);
      if (skipped(fast.trace.events).length > 0) skippedRuns++;
    }), { numRuns: 15, seed: 17 });
    expect(skippedRuns).toBeGreaterThan(4); // the property is about runs that did skip
  }, 120_000);
});
