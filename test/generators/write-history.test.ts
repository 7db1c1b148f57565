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
      const [moved, ...rest] = first?.sk ?? '';
      if (first === undefined || rest.length === 0) return;
      expect(keys.some((k) => k.pk === first.pk + moved && k.sk === rest.join(''))).toBe(true);
      expect(keys.length).toBeLessThanOrEqual(4);
    }), { numRuns: 100, seed: 1 });
  });

  it('never cut a character in two: every key is well-formed UTF-16, as DynamoDB requires of strings', async () => {
    const { keyPool } = await import('../../generators/write-history.js');
    const { keySchema } = await import('../../generators/key-schema.js');
    const fcm = (await import('fast-check')).default;
    const schema = keySchema({ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' });
    // a lone surrogate is what encodeURIComponent refuses (URIError) and TextEncoder replaces
    const wellFormed = (s: string) => { try { encodeURIComponent(s); return true; } catch { return false; } };
    let astral = 0;
    fcm.assert(fcm.property(keyPool(schema), (keys) => {
      for (const k of keys as { pk: string; sk: string }[]) {
        if (/[\u{10000}-\u{10FFFF}]/u.test(k.sk)) astral++;
        expect(wellFormed(k.pk) && wellFormed(k.sk)).toBe(true);
      }
    }), { numRuns: 2000, seed: 19 });
    expect(astral).toBeGreaterThan(0);
  });
});
