import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyHistory,
  itemSizeBytes,
  keySchema,
  keySchemaArb,
  writeHistory,
} from '../../generators/index.js';

const histories = (options: Parameters<typeof writeHistory>[1] = {}) =>
  keySchemaArb().chain((schema) => writeHistory(schema, options).map((history) => ({ schema, history })));

describe('writeHistory', () => {
  it('keeps every item within maxSizeBytes', () =>
    fc.assert(
      fc.property(histories({ items: { maxSizeBytes: 3000 } }), ({ schema, history }) => {
        for (const change of applyHistory(history, schema, { maxSizeBytes: 3000 }).changes) {
          if (change.newItem) expect(itemSizeBytes(change.newItem)).toBeLessThanOrEqual(3000);
        }
        expect(applyHistory(history, schema).changes).toHaveLength(applyHistory(history, schema, { maxSizeBytes: 3000 }).changes.length);
      }),
      { numRuns: 60 },
    ));

  it('repeats keys, and produces no-op writes, MODIFYs and TTL removes regularly', () => {
    const samples = fc.sample(histories({ minWrites: 6 }), { numRuns: 200, seed: 9 });
    let noOps = 0;
    let modifies = 0;
    let ttl = 0;
    for (const { schema, history } of samples) {
      const { changes } = applyHistory(history, schema);
      if (changes.length < history.length) noOps++;
      if (changes.some((c) => c.eventName === 'MODIFY')) modifies++;
      if (changes.some((c) => c.ttl)) ttl++;
    }
    expect(noOps).toBeGreaterThan(50);
    expect(modifies).toBeGreaterThan(50);
    expect(ttl).toBeGreaterThan(20);
  });
});

describe('key pools with two string key attributes', () => {
  it('hold a key whose values concatenate like another key\'s, when the first range value has two characters or more', async () => {
    const { keyPool } = await import('../../generators/write-history.js');
    const { keySchema } = await import('../../generators/key-schema.js');
    const fcm = (await import('fast-check')).default;
    const schema = keySchema({ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' });
    fcm.assert(fcm.property(keyPool(schema), (keys) => {
      const [first] = keys as { pk: string; sk: string }[];
      if (first === undefined || first.sk.length < 2) return;
      expect(keys.some((k) => k.pk === first.pk + first.sk[0] && k.sk === first.sk.slice(1))).toBe(true);
      expect(keys.length).toBeLessThanOrEqual(4);
    }), { numRuns: 100, seed: 1 });
  });
});
