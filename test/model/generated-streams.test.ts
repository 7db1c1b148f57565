import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynamodbStream, kinesisStream } from '../../generators/index.js';
import { simulate, type MappingInput } from '../../src/index.js';
import { scripted, stepArb } from '../support/scripted-handler.js';

const mappingArb = fc.record({
  BatchSize: fc.integer({ min: 1, max: 6 }),
  MaximumRetryAttempts: fc.constantFrom(-1, 0, 2),
  BisectBatchOnFunctionError: fc.boolean(),
  FunctionResponseTypes: fc.constantFrom<string[]>([], ['ReportBatchItemFailures']),
  ParallelizationFactor: fc.integer({ min: 1, max: 3 }),
}).map((m): MappingInput => ({ StartingPosition: 'TRIM_HORIZON', ...m }));

describe('the model over generated streams', () => {
  it('applies each item key’s changes in write order across shards and splits, whatever the handler does', () =>
    fc.assert(
      fc.asyncProperty(
        dynamodbStream({ shardCount: 2, allowSplits: true, maxRecords: 16, minWrites: 1 }),
        mappingArb,
        fc.array(stepArb, { maxLength: 25 }),
        async (stream, mapping, steps) => {
          const trace = await simulate({ shards: stream.shards, mapping, ...scripted(steps) });
          const writeOf = new Map(stream.locations.map((loc, i) => [`${loc.shardId}/${stream.shards.find((s) => s.shardId === loc.shardId)!.records[loc.index]!.dynamodb!.SequenceNumber}`, stream.changes[i]!]));
          const lastWrite = new Map<string, number>();
          for (const inv of trace.invocations) {
            const processed = inv.outcome === 'success' ? inv.sequenceNumbers : inv.outcome === 'partial' ? inv.sequenceNumbers.slice(0, inv.failureIndex) : [];
            for (const seq of processed) {
              const change = writeOf.get(`${inv.shardId}/${seq}`)!;
              const key = JSON.stringify(change.keys);
              expect(change.writeIndex).toBeGreaterThan(lastWrite.get(key) ?? -1);
              lastWrite.set(key, change.writeIndex);
            }
          }
          for (const shard of stream.shards) expect(trace.checkpoints[shard.shardId]).toBe(shard.records.at(-1)?.dynamodb!.SequenceNumber ?? null);
        },
      ),
    ));

  it('delivers every generated Kinesis record and names its sequence number in KinesisBatchInfo when discarded', () =>
    fc.assert(
      fc.asyncProperty(kinesisStream({ shardCount: 2, maxRecords: 12 }), async (stream) => {
        const trace = await simulate({
          source: 'kinesis',
          shards: stream.shards,
          mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } },
          handler: () => {
            throw new Error('always');
          },
        });
        // shards may share sequence numbers: compare them with their shard
        const all = stream.shards.flatMap((s) => s.records.map((r) => `${s.shardId}/${r.kinesis.sequenceNumber}`));
        const documented = trace.destinations.flatMap((d) => trace.discards.find((x) => x.shardId === d.document.KinesisBatchInfo!.shardId && x.sequenceNumbers[0] === d.document.KinesisBatchInfo!.startSequenceNumber)!.sequenceNumbers.map((q) => `${d.document.KinesisBatchInfo!.shardId}/${q}`));
        expect(documented.sort()).toEqual(all.sort());
        for (const d of trace.destinations) expect(d.document.KinesisBatchInfo!.approximateArrivalOfFirstRecord).toMatch(/\.\d{3}Z$/);
      }),
    ));
});
