import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { applyHistory, writeHistory, type Item, type KeySchema } from '../../generators/index.js';
import { itemOptions } from '../../src/judge/case.js';

const schema: KeySchema = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] };

let seen = 0;

function histories(items: Parameters<typeof itemOptions>[0]) {
  return fc.sample(writeHistory(schema, { maxWrites: 12, minWrites: 4, items: itemOptions(items) }), { seed: 7, numRuns: 60 });
}

/** Every item the table holds after each write of the history. */
function imagesOf(writes: ReturnType<typeof histories>[number]): Item[] {
  const images = applyHistory(writes, schema).changes.flatMap((c) => (c.newItem ? [c.newItem] : []));
  seen += images.length;
  return images;
}

describe('items.attributes (issue 14: say what your data is)', () => {
  afterEach(() => {
    expect(seen, 'the histories held items to look at').toBeGreaterThan(20);
    seen = 0;
  });

  it('a required attribute is in every item, through puts, updates and re-creates; its values follow the declaration', () => {
    for (const history of histories({ attributes: { Message: { required: true, pattern: '^[a-z]{1,8}$' }, total: { range: [1, 50] } } })) {
      for (const image of imagesOf(history)) {
        expect(typeof image.Message).toBe('string');
        expect(image.Message as string).toMatch(/^[a-z]{1,8}$/);
        if (image.total !== undefined) {
          expect(Number.isInteger(image.total)).toBe(true);
          expect(image.total as number).toBeGreaterThanOrEqual(1);
          expect(image.total as number).toBeLessThanOrEqual(50);
        }
      }
    }
  });

  it('samples and a type restrict values; an attribute arbitrary is used as is', () => {
    for (const history of histories({ attributes: { status: { required: true, samples: ['NEW', 'PAID'] }, flag: { required: true, type: 'BOOL' }, n: fc.constantFrom(1, 2) } })) {
      for (const image of imagesOf(history)) {
        expect(['NEW', 'PAID']).toContain(image.status);
        expect(typeof image.flag).toBe('boolean');
        expect([1, 2]).toContain(image.n);
      }
    }
  });

  it('{ version: true } increases with every write of the key, deletes and re-creates included', () => {
    let sawRecreate = false;
    for (const history of histories({ attributes: { version: { version: true } } })) {
      const last = new Map<string, number>();
      for (const change of applyHistory(history, schema).changes) {
        const key = JSON.stringify(change.keys);
        if (change.newItem) {
          const version = change.newItem.version as number;
          if (last.has(key)) expect(version).toBeGreaterThan(last.get(key)!);
          if (change.eventName === 'INSERT' && last.has(key)) sawRecreate = true;
          seen++;
          last.set(key, version);
        }
      }
    }
    expect(sawRecreate).toBe(true);
  });

  it('an items arbitrary is honoured for DynamoDB sources: every item is one of its items, keys generated', () => {
    const items = fc.record({ Message: fc.constantFrom('hello', 'world'), pk: fc.constant('ignored') });
    for (const history of histories(items)) {
      for (const image of imagesOf(history)) {
        expect(['hello', 'world']).toContain(image.Message);
        expect(image.pk).not.toBe('ignored');
      }
    }
  });
});

describe('default values read clearly and stay adversarial (issue 14)', () => {
  it('mostly plain strings, numbers, booleans; binary sets, 38-digit numbers and unicode names often enough', async () => {
    const { attributeValue, attributeName, NumberValue } = await import('../../generators/index.js');
    const values = fc.sample(attributeValue({ maxDepth: 0 }), { seed: 11, numRuns: 3000 });
    const share = (test: (v: unknown) => boolean) => values.filter(test).length / values.length;
    const plain = share((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null);
    expect(plain).toBeGreaterThan(0.55);
    expect(share((v) => v instanceof Set && [...v].every((m) => m instanceof Uint8Array))).toBeGreaterThan(0.03); // binary sets
    expect(share((v) => v instanceof NumberValue && v.value.replace(/^-/, '').length === 38)).toBeGreaterThan(0.02); // 38-digit numbers
    const names = fc.sample(attributeName(), { seed: 11, numRuns: 2000 });
    expect(names.filter((n) => /[^\x20-\x7e]/.test(n)).length / names.length).toBeGreaterThan(0.03); // unicode names
  });
});
