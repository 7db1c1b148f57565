import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, type MappingInput, type Trace } from '../../src/index.js';
import { keyOf, shardsArb } from '../support/records.js';
import { scripted, stepArb } from '../support/scripted-handler.js';

const dlq = 'arn:aws:sqs:us-east-1:123456789012:dlq';

const mappingArb = (overrides: fc.Arbitrary<Partial<MappingInput>> = fc.constant({})) =>
  fc.tuple(
    fc.record({
      BatchSize: fc.integer({ min: 1, max: 8 }),
      MaximumRetryAttempts: fc.constantFrom(-1, 0, 1, 2, 3),
      BisectBatchOnFunctionError: fc.boolean(),
      FunctionResponseTypes: fc.constantFrom<string[]>([], ['ReportBatchItemFailures']),
      ParallelizationFactor: fc.integer({ min: 1, max: 3 }),
      MaximumBatchingWindowInSeconds: fc.constantFrom(0, 0, 2),
      DestinationConfig: fc.constant({ OnFailure: { Destination: dlq } }),
    }),
    overrides,
  ).map(([base, extra]): MappingInput => ({ StartingPosition: 'TRIM_HORIZON', ...base, ...extra }));

const recordsById = (shards: { shardId: string; records: DynamoDBRecord[] }[]) => {
  const byId = new Map<string, DynamoDBRecord>();
  for (const s of shards) for (const r of s.records) byId.set(`${s.shardId}/${r.dynamodb!.SequenceNumber}`, r);
  return byId;
};

/** Records in the order of their first delivery, per shard. */
function firstDeliveries(trace: Trace): Map<string, string[]> {
  const seen = new Set<string>();
  const order = new Map<string, string[]>();
  for (const inv of trace.invocations) {
    for (const seq of inv.sequenceNumbers) {
      const id = `${inv.shardId}/${seq}`;
      if (seen.has(id)) continue;
      seen.add(id);
      order.set(inv.shardId, [...(order.get(inv.shardId) ?? []), seq]);
    }
  }
  return order;
}

/** How many OnFailure documents name the record (a document names the discarded records it was made for). */
function documentsNaming(trace: Trace, shardId: string, seq: string): number {
  expect(trace.destinations).toHaveLength(trace.discards.length);
  return trace.discards.filter((discard, i) => {
    const info = trace.destinations[i]!.document.DDBStreamBatchInfo!;
    expect(info).toMatchObject({ shardId: discard.shardId, startSequenceNumber: discard.sequenceNumbers[0], endSequenceNumber: discard.sequenceNumbers.at(-1), batchSize: discard.sequenceNumbers.length });
    return discard.shardId === shardId && discard.sequenceNumbers.includes(seq);
  }).length;
}

describe('model properties', () => {
  it('an always-succeeding handler gets every record exactly once, in order, in batches within BatchSize', () =>
    fc.assert(
      fc.asyncProperty(shardsArb(), mappingArb(fc.record({ ParallelizationFactor: fc.constant(1) })), async (shards, mapping) => {
        const trace = await simulate({ shards, mapping, handler: () => undefined });
        for (const shard of shards) {
          const delivered = trace.invocations.filter((i) => i.shardId === shard.shardId);
          expect(delivered.flatMap((i) => i.sequenceNumbers)).toEqual(shard.records.map((r) => r.dynamodb!.SequenceNumber));
          for (const inv of delivered) expect(inv.sequenceNumbers.length).toBeLessThanOrEqual(mapping.BatchSize!);
          expect(trace.checkpoints[shard.shardId]).toBe(shard.records.at(-1)?.dynamodb!.SequenceNumber ?? null);
        }
        expect(trace.invocations.every((i) => i.outcome === 'success')).toBe(true);
      }),
    ));

  it('for any handler behaviour the first delivery of each record is in sequence order per key (any ParallelizationFactor)', () =>
    fc.assert(
      fc.asyncProperty(shardsArb(), mappingArb(), fc.array(stepArb, { maxLength: 30 }), async (shards, mapping, steps) => {
        const trace = await simulate({ shards, mapping, ...scripted(steps) });
        const byId = recordsById(shards);
        for (const [shardId, order] of firstDeliveries(trace)) {
          const lastByKey = new Map<string, bigint>();
          for (const seq of order) {
            const key = keyOf(byId.get(`${shardId}/${seq}`)!);
            const previous = lastByKey.get(key);
            if (previous !== undefined) expect(BigInt(seq) > previous).toBe(true);
            lastByKey.set(key, BigInt(seq));
          }
        }
      }),
    ));

  it('every record ends committed after a successful delivery or named in exactly one OnFailure document', () =>
    fc.assert(
      fc.asyncProperty(shardsArb(), mappingArb(), fc.array(stepArb, { maxLength: 30 }), async (shards, mapping, steps) => {
        const trace = await simulate({ shards, mapping, ...scripted(steps) });
        for (const shard of shards) {
          for (const record of shard.records) {
            const seq = record.dynamodb!.SequenceNumber!;
            const succeeded = trace.invocations.some((i) => {
              const index = i.shardId === shard.shardId ? i.sequenceNumbers.indexOf(seq) : -1;
              return index >= 0 && (i.outcome === 'success' || (i.outcome === 'partial' && index < i.failureIndex!));
            });
            const documents = documentsNaming(trace, shard.shardId, seq);
            expect(documents).toBeLessThanOrEqual(1);
            expect(succeeded !== (documents === 1)).toBe(true);
          }
          expect(trace.checkpoints[shard.shardId]).toBe(shard.records.at(-1)?.dynamodb!.SequenceNumber ?? null);
        }
      }),
    ));

  it('records of a key are processed successfully in sequence order (PF 1: in shard order)', () =>
    fc.assert(
      fc.asyncProperty(shardsArb(), mappingArb(), fc.array(stepArb, { maxLength: 30 }), async (shards, mapping, steps) => {
        const trace = await simulate({ shards, mapping, ...scripted(steps) });
        const byId = recordsById(shards);
        const lastByKey = new Map<string, bigint>();
        for (const inv of trace.invocations) {
          const processed = inv.outcome === 'success' ? inv.sequenceNumbers : inv.outcome === 'partial' ? inv.sequenceNumbers.slice(0, inv.failureIndex) : [];
          for (const seq of processed) {
            const scope = mapping.ParallelizationFactor === 1 ? inv.shardId : `${inv.shardId}/${keyOf(byId.get(`${inv.shardId}/${seq}`)!)}`;
            const previous = lastByKey.get(scope);
            if (previous !== undefined) expect(BigInt(seq) > previous).toBe(true);
            lastByKey.set(scope, BigInt(seq));
          }
        }
      }),
    ));

  it('the checkpoint never passes a record that was neither processed successfully nor discarded', () =>
    fc.assert(
      fc.asyncProperty(shardsArb(), mappingArb(fc.record({ FunctionResponseTypes: fc.constantFrom<string[]>(['ReportBatchItemFailures']) })), fc.array(stepArb, { maxLength: 30 }), async (shards, mapping, steps) => {
        const trace = await simulate({ shards, mapping, ...scripted(steps) });
        const done = new Set<string>();
        // invocations and timeline events interleave by time; an event at time t follows the invocations that ended by t
        const moments = [
          ...trace.invocations.map((inv) => ({ at: inv.at + inv.durationMs, order: 0, inv })),
          ...trace.events.map((event) => ({ at: event.at, order: 1, event })),
        ].sort((a, b) => a.at - b.at || a.order - b.order);
        for (const m of moments) {
          if ('inv' in m) {
            const { inv } = m;
            const processed = inv.outcome === 'success' ? inv.sequenceNumbers : inv.outcome === 'partial' ? inv.sequenceNumbers.slice(0, inv.failureIndex) : [];
            for (const seq of processed) done.add(`${inv.shardId}/${seq}`);
          } else if (m.event.type === 'discard') {
            for (const seq of m.event.sequenceNumbers) done.add(`${m.event.shardId}/${seq}`);
          } else if (m.event.type === 'checkpoint') {
            const { shardId, sequenceNumber } = m.event;
            const shard = shards.find((s) => s.shardId === shardId)!;
            for (const record of shard.records) {
              const seq = record.dynamodb!.SequenceNumber!;
              if (BigInt(seq) <= BigInt(sequenceNumber)) expect(done.has(`${shardId}/${seq}`)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    ));

  it('records before a partial failure are never redelivered because of it', () =>
    fc.assert(
      fc.asyncProperty(shardsArb(), mappingArb(fc.record({ FunctionResponseTypes: fc.constant(['ReportBatchItemFailures']) })), fc.array(stepArb, { maxLength: 30 }), async (shards, mapping, steps) => {
        const trace = await simulate({ shards, mapping, ...scripted(steps) });
        trace.invocations.forEach((inv, n) => {
          if (inv.outcome !== 'partial') return;
          const committed = new Set(inv.sequenceNumbers.slice(0, inv.failureIndex));
          for (const later of trace.invocations.slice(n + 1)) {
            if (later.shardId === inv.shardId) expect(later.sequenceNumbers.filter((s) => committed.has(s))).toEqual([]);
          }
        });
      }),
    ));

  it('between two progress points a batch is invoked at most MaximumRetryAttempts + 1 times', () =>
    fc.assert(
      fc.asyncProperty(
        shardsArb(),
        mappingArb(fc.record({ MaximumRetryAttempts: fc.integer({ min: 0, max: 3 }), ParallelizationFactor: fc.constant(1) })),
        fc.array(stepArb, { maxLength: 40 }),
        async (shards, mapping, steps) => {
          const trace = await simulate({ shards, mapping, ...scripted(steps) });
          for (const shard of shards) {
            let run = 0;
            let previous = '';
            for (const inv of trace.invocations.filter((i) => i.shardId === shard.shardId)) {
              const batch = inv.sequenceNumbers.join(',');
              run = batch === previous ? run + 1 : 1;
              previous = batch;
              expect(run).toBeLessThanOrEqual(mapping.MaximumRetryAttempts! + 1);
            }
          }
        },
      ),
    ));

  it('bisection isolates a single poisoned record', () =>
    fc.assert(
      fc.asyncProperty(
        shardsArb({ maxShards: 1 }).filter((s) => s[0]!.records.length > 0),
        fc.nat(),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom<'ceil' | 'floor'>('ceil', 'floor'),
        async (shards, pick, retries, bisectSplit) => {
          const records = shards[0]!.records;
          const poison = records[pick % records.length]!;
          const trace = await simulate({
            shards,
            mapping: { BatchSize: 10, BisectBatchOnFunctionError: true, MaximumRetryAttempts: retries, DestinationConfig: { OnFailure: { Destination: dlq } } },
            knobs: { bisectSplit },
            handler: (event: { Records: DynamoDBRecord[] }) => {
              if (event.Records.includes(poison)) throw new Error('poison');
            },
          });
          const seq = poison.dynamodb!.SequenceNumber;
          expect(trace.destinations.map((d) => [d.document.DDBStreamBatchInfo!.startSequenceNumber, d.document.DDBStreamBatchInfo!.batchSize])).toEqual([[seq, 1]]);
          expect(trace.invocations.filter((i) => i.sequenceNumbers.length === 1 && i.sequenceNumbers[0] === seq)).toHaveLength(retries + 1);
        },
      ),
    ));

  it('the same input gives the same trace', () =>
    fc.assert(
      fc.asyncProperty(shardsArb(), mappingArb(), fc.array(stepArb, { maxLength: 20 }), fc.nat(), async (shards, mapping, steps, seed) => {
        const run = () => simulate({ shards, mapping, ...scripted(steps), knobs: { seed, duplicateDeliveryRate: 0.2 } });
        expect(await run()).toEqual(await run());
      }),
    ));
});
