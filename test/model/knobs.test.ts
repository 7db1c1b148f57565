import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultKnobs, defaultRetryBackoff, resolveKnobs } from '../../src/model/knobs.js';

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
