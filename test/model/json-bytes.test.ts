import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBytes, stringBytes } from '../../src/model/json-bytes.js';
import { syntheticShard } from '../../bench/model-throughput.js';
import { simulate } from '../../src/index.js';
import { ddb, seqs, shardOf } from '../support/records.js';

const serialized = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Strings with what JSON escapes or encodes in more than one byte: controls, quotes, backslashes, BMP, astral, lone surrogates. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\b', '\t', '\n', '\f', '\r', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '\ud83d\ude00'), fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))) }),
);

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('jsonBytes', () => {
  it('counts the UTF-8 bytes of JSON.stringify for any string', () => {
    fc.assert(fc.property(nastyString, (s) => stringBytes(s) === serialized(s)), { numRuns: 2000 });
  });

  it('counts the UTF-8 bytes of JSON.stringify for generated JSON-like records', () => {
    fc.assert(fc.property(fc.dictionary(nastyString, jsonish, { maxKeys: 8 }), (record) => {
      expect(jsonBytes(record)).toBe(serialized(record));
    }), { numRuns: 1000 });
  });

  it('counts realistic stream records with unicode and marshalled numbers', () => {
    const { records } = syntheticShard(50);
    for (const record of records) expect(jsonBytes(record)).toBe(serialized(record));
    const unicode = { ...records[0], dynamodb: { ...records[0]!.dynamodb, NewImage: { name: { S: 'Zoë 🚀 \u0000 "x" \\ \ud800' }, n: { N: '-0.5e-7' } } } };
    expect(jsonBytes(unicode)).toBe(serialized(unicode));
  });

  it('agrees on numbers JSON writes specially', () => {
    for (const n of [0, -0, 1e21, 1e-7, -1e15, 999_999_999_999_999, 123.456, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53]) {
      expect(jsonBytes({ n })).toBe(serialized({ n }));
    }
  });

  it('follows toJSON, Dates, sparse arrays and left-out members as JSON.stringify does', () => {
    const odd = {
      when: new Date(0), custom: { toJSON: () => 'ü' }, holes: [1, , 3], gone: undefined, fn: () => 1,
      inArray: [undefined, () => 1, Symbol('s')], nested: Object.assign(Object.create(null), { a: 1 }), boxed: new String('x'),
    };
    expect(jsonBytes(odd)).toBe(serialized(odd));
  });
});

describe('the 6 MB payload limit, counted without serializing', () => {
  const limit = 6 * 1024 * 1024;
  const eventBytes = (records: unknown[]) => Buffer.byteLength(JSON.stringify({ Records: records }));
  // big strings of one repeated character: ASCII, escaped, 2-, 3- and 4-byte UTF-8, lone surrogates
  const blob = fc.record({ char: fc.constantFrom('x', '"', '\n', '\u0001', 'é', '€', '😀', '\ud800'), length: fc.integer({ min: 0, max: 1_200_000 }) });

  it('each batch fits, and the record after a batch cut short would not have', async () => {
    await fc.assert(fc.asyncProperty(fc.array(blob, { minLength: 1, maxLength: 14 }), fc.constantFrom(0, 2), async (blobs, windowSeconds) => {
      const numbers = seqs(blobs.length);
      const records = blobs.map((b, i) => {
        const r = ddb(numbers[i]!, { key: `k${i}` });
        r.dynamodb!.NewImage!.blob = { S: b.char.repeat(b.length / b.char.length) };
        return r;
      });
      const trace = await simulate({ shards: [shardOf(records)], handler: () => undefined, mapping: { BatchSize: 10_000, MaximumBatchingWindowInSeconds: windowSeconds } });
      let next = 0;
      for (const inv of trace.invocations) {
        const batch = records.slice(next, next + inv.sequenceNumbers.length);
        next += batch.length;
        if (batch.length > 1) expect(eventBytes(batch)).toBeLessThanOrEqual(limit); // a lone record goes as it is
        if (next < records.length) expect(eventBytes([...batch, records[next]])).toBeGreaterThan(limit);
      }
      expect(next).toBe(records.length);
    }), { numRuns: 20, seed: 5 });
  }, 120_000);
});
