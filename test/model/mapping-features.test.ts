import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { ddb, kinesis, seqs, shardOf, t0 } from '../support/records.js';

const ok = () => undefined;

describe('mapping validation', () => {
  it('a window whose final invocation never succeeds holds the shard only until its records leave retention', async () => {
    const shards = [shardOf([ddb(10n ** 20n), ddb(10n ** 20n + 1n, { atMs: t0 + 120_000 })])];
    // without state every invocation is invalid; retries are infinite
    const trace = await simulate({ shards, handler: ok, mapping: { TumblingWindowInSeconds: 30 } });
    expect(trace.discards.map((d) => d.condition)).toEqual(['RetentionExpired', 'RetentionExpired']);
    expect(trace.endTime - t0).toBeGreaterThan(24 * 3_600_000);
    expect(trace.checkpoints['shardId-00000001767225600000-0000aaaa']).toBe(String(10n ** 20n + 1n));
  });

  it('filters records: non-matching ones are never delivered and the checkpoint passes them', async () => {
    const records = [ddb(10n ** 20n, { eventName: 'INSERT' }), ddb(10n ** 20n + 1n, { eventName: 'REMOVE' }), ddb(10n ** 20n + 2n, { eventName: 'MODIFY' }), ddb(10n ** 20n + 3n, { eventName: 'REMOVE' })];
    const trace = await simulate({
      shards: [shardOf(records)],
      handler: ok,
      mapping: { BatchSize: 2, FilterCriteria: { Filters: [{ Pattern: '{"eventName": ["INSERT", "MODIFY"]}' }] } },
    });
    // batches are filled with matching records only: BatchSize 2 holds the INSERT and the MODIFY
    expect(trace.invocations.map((i) => i.sequenceNumbers)).toEqual([[String(10n ** 20n), String(10n ** 20n + 2n)]]);
    expect(trace.checkpoints['shardId-00000001767225600000-0000aaaa']).toBe(String(10n ** 20n + 3n));
    expect(trace.metrics['shardId-00000001767225600000-0000aaaa']!.filteredOut).toBe(2);
    // nothing matches: no invocation at all, and the checkpoint still moves to the end
    const none = await simulate({ shards: [shardOf(records)], handler: ok, mapping: { FilterCriteria: { Filters: [{ Pattern: '{"eventName": ["NOPE"]}' }] } } });
    expect(none.invocations).toEqual([]);
    expect(none.checkpoints['shardId-00000001767225600000-0000aaaa']).toBe(String(10n ** 20n + 3n));
  });

  it('filtered records never reach a destination', async () => {
    const records = [ddb(10n ** 20n, { eventName: 'INSERT' }), ddb(10n ** 20n + 1n, { eventName: 'REMOVE' })];
    const trace = await simulate({
      shards: [shardOf(records)],
      handler: () => {
        throw new Error('fails');
      },
      mapping: { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } }, FilterCriteria: { Filters: [{ Pattern: '{"eventName": ["INSERT"]}' }] } },
    });
    expect(trace.destinations.map((d) => [d.document.DDBStreamBatchInfo!.startSequenceNumber, d.document.DDBStreamBatchInfo!.batchSize])).toEqual([[String(10n ** 20n), 1]]);
  });

  it('rejects shards whose sequence numbers do not increase as numbers', async () => {
    const shards = [shardOf([ddb('1000000000000000000000'), ddb('999999999999999999999')])];
    await expect(simulate({ shards, handler: ok })).rejects.toThrow(/is not greater than the previous record's/);
  });
});

describe('batching', () => {
  it('cuts batches at BatchSize', async () => {
    const trace = await simulate({ shards: [shardOf(seqs(7).map((q) => ddb(q)))], mapping: { BatchSize: 3 }, handler: ok });
    expect(trace.invocations.map((i) => i.sequenceNumbers.length)).toEqual([3, 3, 1]);
  });

  it('cuts batches so the event stays within 6 MB', async () => {
    const big = 'x'.repeat(1_000_000);
    const records = seqs(8).map((q) => {
      const r = ddb(q);
      r.dynamodb!.NewImage!.blob = { S: big };
      return r;
    });
    const trace = await simulate({ shards: [shardOf(records)], handler: ok });
    expect(trace.invocations.map((i) => i.sequenceNumbers.length)).toEqual([6, 2]);
    for (const inv of trace.invocations) {
      const bytes = Buffer.byteLength(JSON.stringify({ Records: records.filter((r) => inv.sequenceNumbers.includes(r.dynamodb!.SequenceNumber!)) }));
      expect(bytes).toBeLessThanOrEqual(6 * 1024 * 1024);
    }
  });

  it('with no window a poll sends what has arrived; with a window records are gathered until it elapses', async () => {
    const records = seqs(4).map((q, i) => ddb(q, { atMs: t0 + i * 1000 }));
    const noWindow = await simulate({ shards: [shardOf(records)], handler: ok });
    expect(noWindow.invocations.map((i) => i.sequenceNumbers.length)).toEqual([1, 1, 1, 1]);
    const windowed = await simulate({ shards: [shardOf(records)], handler: ok, mapping: { MaximumBatchingWindowInSeconds: 5 } });
    expect(windowed.invocations.map((i) => [i.sequenceNumbers.length, i.at - t0])).toEqual([[4, 5000]]);
    const full = await simulate({ shards: [shardOf(records)], handler: ok, mapping: { MaximumBatchingWindowInSeconds: 5, BatchSize: 2 } });
    expect(full.invocations.map((i) => [i.sequenceNumbers.length, i.at - t0])).toEqual([[2, 1000], [2, 3000]]);
  });

  it('keeps one batch in flight per shard while shards progress independently', async () => {
    const a = shardOf(seqs(2).map((q) => ddb(q)), 'shardId-a');
    const b = shardOf(seqs(2).map((q) => ddb(q)), 'shardId-b');
    let failures = 1;
    const trace = await simulate({
      shards: [a, b], mapping: { BatchSize: 1 }, durationMs: 100,
      handler: (event: { Records: unknown[] }) => {
        if (event.Records[0] === a.records[0] && failures-- > 0) throw new Error('a fails once');
      },
      knobs: { retryBackoff: () => 1000 },
    });
    const at = (id: string) => trace.invocations.filter((i) => i.shardId === id).map((i) => i.at - t0);
    expect(at('shardId-b')).toEqual([0, 100]);
    expect(at('shardId-a')).toEqual([0, 1100, 1200]);
  });
});

describe('starting position, lineage and retention', () => {
  it('LATEST skips records that arrived before the mapping started; TRIM_HORIZON reads them', async () => {
    const records = seqs(3).map((q, i) => ddb(q, { atMs: t0 + i * 1000 }));
    const latest = await simulate({ shards: [shardOf(records)], handler: ok, startTime: t0 + 1000, mapping: { StartingPosition: 'LATEST' } });
    expect(latest.invocations.flatMap((i) => i.sequenceNumbers)).toEqual(seqs(3).slice(1));
    const trim = await simulate({ shards: [shardOf(records)], handler: ok, startTime: t0 + 1000, mapping: { StartingPosition: 'TRIM_HORIZON' } });
    expect(trim.invocations.flatMap((i) => i.sequenceNumbers)).toEqual(seqs(3));
  });

  it('TRIM_HORIZON does not read records already past retention', async () => {
    const records = [ddb(10n ** 20n, { atMs: t0 }), ddb(10n ** 20n + 1n, { atMs: t0 + 25 * 3_600_000 })];
    const trace = await simulate({ shards: [shardOf(records)], handler: ok, startTime: t0 + 25 * 3_600_000 });
    expect(trace.invocations.flatMap((i) => i.sequenceNumbers)).toEqual([String(10n ** 20n + 1n)]);
    expect(Object.values(trace.metrics)[0]!.skipped).toBe(1);
  });

  it('AT_TIMESTAMP (Kinesis) starts at the given time', async () => {
    const records = ['1', '2', '3'].map((q, i) => kinesis(`4959033827149025660855969253836157109592157598913658889${q}`, { atMs: t0 + i * 1000 }));
    const trace = await simulate({
      source: 'kinesis', shards: [{ shardId: 'shardId-000000000000', records }], handler: ok,
      mapping: { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: (t0 + 2000) / 1000 },
    });
    expect(trace.invocations.flatMap((i) => i.sequenceNumbers)).toEqual([records[2]!.kinesis.sequenceNumber]);
  });

  it('reads a child shard only after its parent is fully processed', async () => {
    const parent = shardOf([ddb(10n ** 20n, { atMs: t0 })], 'shardId-parent');
    const child = shardOf([ddb(10n ** 21n, { atMs: t0 + 10 })], 'shardId-child', 'shardId-parent');
    let failures = 2;
    const trace = await simulate({
      shards: [child, parent], handler: (event: { Records: unknown[] }) => {
        if (event.Records[0] === parent.records[0] && failures-- > 0) throw new Error('parent fails twice');
      },
    });
    expect(trace.invocations.map((i) => [i.shardId, i.outcome])).toEqual([
      ['shardId-parent', 'function-error'], ['shardId-parent', 'function-error'], ['shardId-parent', 'success'], ['shardId-child', 'success'],
    ]);
    expect(trace.invocations[3]!.at).toBeGreaterThanOrEqual(trace.invocations[2]!.at);
  });

  it('with infinite retries a poison record blocks its shard until it leaves retention (24 h)', async () => {
    const records = [ddb(10n ** 20n, { key: 'poison' }), ddb(10n ** 20n + 1n, { key: 'healthy', atMs: t0 + 3_600_000 })];
    const trace = await simulate({
      shards: [shardOf(records)], handler: (event: { Records: { dynamodb: { Keys: { pk: { S: string } } } }[] }) => {
        if (event.Records.some((r) => r.dynamodb.Keys.pk.S === 'poison')) throw new Error('poison');
      },
      mapping: { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sns:us-east-1:123456789012:topic' } } },
    });
    const healthy = trace.invocations.find((i) => i.outcome === 'success')!;
    expect(healthy.at - t0).toBeGreaterThan(24 * 3_600_000);
    expect(healthy.iteratorAgeMs).toBeGreaterThan(23 * 3_600_000);
    expect(Object.values(trace.metrics)[0]!.maxIteratorAgeMs).toBe(Math.max(...trace.invocations.map((i) => i.iteratorAgeMs)));
    expect(trace.discards.map((d) => [d.condition, d.sequenceNumbers.length])).toEqual([['RetentionExpired', 1]]);
    expect(trace.destinations[0]!.document.requestContext.condition).toBe('RecordAgeExceeded');
    expect(trace.destinations[0]!.type).toBe('sns');
  });
});

describe('throttles, duplicates, timeouts and destinations', () => {
  it('throttles are retried without counting as attempts', async () => {
    const trace = await simulate({
      shards: [shardOf(seqs(1).map((q) => ddb(q)))], handler: ok, mapping: { MaximumRetryAttempts: 0 },
      knobs: { throttle: ({ throttles }) => throttles < 10 },
    });
    expect(trace.invocations.map((i) => [i.outcome, i.attempt])).toEqual([['success', 1]]);
    expect(Object.values(trace.metrics)[0]!.throttles).toBe(10);
  });

  it('a duplicate delivery that fails is sent again until it succeeds, so it never stops half re-applied', async () => {
    const s = [String(10n ** 20n), String(10n ** 20n + 1n)];
    let calls = 0;
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      knobs: { duplicateAfter: (index) => index === 0 },
      handler: () => {
        if (++calls === 2) throw new Error('the duplicate is cut short');
      },
    });
    expect(trace.invocations.map((i) => [i.reason, i.outcome])).toEqual([['first', 'success'], ['duplicate', 'function-error'], ['duplicate', 'success']]);
    expect(trace.invocations[2]!.at).toBeGreaterThan(trace.invocations[1]!.at);
    expect(trace.checkpoints['shardId-00000001767225600000-0000aaaa']).toBe(s[1]);
  });

  it('duplicate deliveries follow the seed and never skip a record', async () => {
    const run = (seed: number) => simulate({ shards: [shardOf(seqs(20).map((q) => ddb(q)))], mapping: { BatchSize: 2 }, handler: ok, knobs: { duplicateDeliveryRate: 0.5, seed } });
    const [a, b, c] = await Promise.all([run(1), run(1), run(2)]);
    const dupes = (t: typeof a) => t.invocations.filter((i) => i.reason === 'duplicate').map((i) => i.sequenceNumbers[0]);
    expect(dupes(a)).toEqual(dupes(b));
    expect(dupes(a).length).toBeGreaterThan(0);
    expect(dupes(a)).not.toEqual(dupes(c));
    expect(a.invocations.filter((i) => i.reason !== 'duplicate').flatMap((i) => i.sequenceNumbers)).toEqual(seqs(20));
  });

  it('an invocation longer than the function timeout is a timeout, which bisects like a function error', async () => {
    const trace = await simulate({
      shards: [shardOf(seqs(2).map((q) => ddb(q)))], handler: ok, functionTimeoutMs: 1000,
      durationMs: (event) => (event.Records.length > 1 ? 5000 : 10),
      mapping: { BisectBatchOnFunctionError: true },
    });
    expect(trace.invocations.map((i) => [i.outcome, i.durationMs])).toEqual([['timeout', 1000], ['success', 10], ['success', 10]]);
    expect(trace.invocations[0]!.error).toBe('Task timed out after 1.00 seconds');
  });

  it('S3 destinations get the records and the documented object key', async () => {
    const trace = await simulate({
      shards: [shardOf(seqs(1).map((q) => ddb(q)), 'shardId-00000001767225600000-0000aaaa')],
      handler: () => {
        throw new Error('x');
      },
      mapping: { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::failures' } } },
      knobs: { mappingUuid: '11111111-2222-4333-8444-555555555555' },
    });
    const delivery = trace.destinations[0]!;
    expect(delivery.type).toBe('s3');
    expect(delivery.s3Key).toMatch(/^aws\/lambda\/11111111-2222-4333-8444-555555555555\/shardId-00000001767225600000-0000aaaa\/2026\/01\/01\/2026-01-01T00\.00\.00-[0-9a-f-]{36}$/);
    expect(delivery.document.payload!.Records).toHaveLength(1);
  });

  it('callback-style handlers are supported', async () => {
    const trace = await simulate({
      shards: [shardOf(seqs(1).map((q) => ddb(q)))], mapping: { MaximumRetryAttempts: 0 },
      handler: (_event: unknown, _context: unknown, callback?: (e?: unknown, r?: unknown) => void) => {
        setTimeout(() => callback!(new Error('via callback')), 1);
      },
    });
    expect(trace.invocations[0]!.error).toBe('Error: via callback');
  });

  it('passes a Lambda context with the request id of the invocation', async () => {
    const seen: string[] = [];
    const trace = await simulate({
      shards: [shardOf(seqs(1).map((q) => ddb(q)))],
      handler: (_e: unknown, context: { awsRequestId: string; getRemainingTimeInMillis(): number }) => {
        seen.push(context.awsRequestId, String(context.getRemainingTimeInMillis()));
      },
    });
    expect(seen).toEqual([trace.invocations[0]!.requestId, '3000']);
  });
});
