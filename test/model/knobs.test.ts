import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultKnobs, defaultRetryBackoff, resolveKnobs } from '../../src/model/knobs.js';
import type { DynamoDBRecord } from 'aws-lambda';
import { simulate } from '../../src/index.js';
import { ddb, seqs, shardOf } from '../support/records.js';

describe('resolveKnobs', () => {
  it('gives the defaults for no knobs, and keeps every given knob over its default', () => {
    expect(resolveKnobs(undefined)).toEqual(defaultKnobs);
    const throttle = () => true;
    const knobs = resolveKnobs({ bisectSplit: 'floor', retentionHours: 8760, throttle, seed: 7 });
    expect(knobs).toMatchObject({ bisectSplit: 'floor', retentionHours: 8760, throttle, seed: 7, pfFailureScope: defaultKnobs.pfFailureScope });
  });

  it('does not change the defaults it starts from', () => {
    resolveKnobs({ seed: 99, duplicateDeliveryRate: 1 });
    expect(defaultKnobs.seed).toBe(0);
    expect(defaultKnobs.duplicateDeliveryRate).toBe(0);
  });

  it.each([-0.1, 1.5, Number.NaN])('refuses duplicateDeliveryRate %s, naming the knob and the range', (rate) => {
    expect(() => resolveKnobs({ duplicateDeliveryRate: rate })).toThrow(RangeError);
    expect(() => resolveKnobs({ duplicateDeliveryRate: rate })).toThrow(`knobs.duplicateDeliveryRate must be between 0 and 1, got ${rate}`);
  });

  it('accepts duplicateDeliveryRate 0 and 1', () => {
    expect(resolveKnobs({ duplicateDeliveryRate: 0 }).duplicateDeliveryRate).toBe(0);
    expect(resolveKnobs({ duplicateDeliveryRate: 1 }).duplicateDeliveryRate).toBe(1);
  });

  it.each([0, -24, Number.NaN])('refuses retentionHours %s', (hours) => {
    expect(() => resolveKnobs({ retentionHours: hours })).toThrow(`knobs.retentionHours must be positive, got ${hours}`);
  });
});

describe('defaultKnobs', () => {
  it('model DynamoDB Streams as AWS documents and observes them', () => {
    // esm-semantics.md Part D: progress and bisection reset the retry budget; 24 h retention; the left half is ⌈n/2⌉
    expect(defaultKnobs).toMatchObject({
      partialProgressResetsAttempts: true,
      bisectResetsAttempts: true,
      bisectSplit: 'ceil',
      retentionHours: 24,
      duplicateDeliveryRate: 0,
      repeatableHandler: false,
    });
    expect(defaultKnobs.functionArn.split(':')).toHaveLength(7);
  });
});

describe('defaultRetryBackoff', () => {
  it('doubles from 500 ms and stops at one minute', () => {
    expect([1, 2, 3, 4, 7, 8, 9, 50].map(defaultRetryBackoff)).toEqual([500, 1000, 2000, 4000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('never shrinks from one retry to the next, and stays within 500 ms to 60 s', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (retry) => {
        const [now, next] = [defaultRetryBackoff(retry), defaultRetryBackoff(retry + 1)];
        expect(next).toBeGreaterThanOrEqual(now);
        expect(now).toBeGreaterThanOrEqual(500);
        expect(now).toBeLessThanOrEqual(60_000);
      }),
    ));
});

describe('stopAfter', () => {
  it('ends the run once Lambda acted on the invocation it picks: the trace is the full run’s up to it, the checkpoint where the full run had it then', () =>
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 }), async (count, batchSize, stop, salt) => {
        const s = seqs(count);
        // fails some batches, the same ones in both runs (a function of the batch alone)
        const handler = (event: { Records: DynamoDBRecord[] }) => {
          if ((Number(event.Records[0]!.dynamodb!.SequenceNumber!.slice(-3)) * 7 + salt) % 3 === 0) throw new Error('boom');
          return {};
        };
        const input = { shards: [shardOf(s.map((q) => ddb(q)))], mapping: { StartingPosition: 'TRIM_HORIZON' as const, BatchSize: batchSize, MaximumRetryAttempts: 1 }, handler };
        const full = await simulate(input);
        let seen = 0;
        const stopped = await simulate({ ...input, knobs: { stopAfter: () => seen++ === stop } });
        const kept = Math.min(stop + 1, full.invocations.length);
        expect(stopped.invocations).toEqual(full.invocations.slice(0, kept));
        // the checkpoint where the full run had it once Lambda acted on that invocation's outcome
        const checkpoint = full.events.filter((e) => e.type === 'checkpoint' && e.invocationsBefore <= kept).at(-1) as { sequenceNumber: string } | undefined;
        expect(Object.values(stopped.checkpoints)[0]).toBe(checkpoint?.sequenceNumber ?? null);
      }),
      { numRuns: 60 },
    ));
});
