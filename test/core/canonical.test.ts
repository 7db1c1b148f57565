import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical, holdsValues, leafValues, normalize, withoutFields } from '../../src/core/canonical.js';

describe('canonical text of DynamoDB JSON', () => {
  it('is the same whatever the order of keys or of set members, and differs when a value does', () => {
    const a = { pk: { S: 'o-1' }, tags: { SS: ['b', 'a'] }, n: { NS: ['10', '9'] }, m: { M: { y: { N: '1' }, x: { BOOL: true } } } };
    const b = { n: { NS: ['9', '10'] }, m: { M: { x: { BOOL: true }, y: { N: '1' } } }, tags: { SS: ['a', 'b'] }, pk: { S: 'o-1' } };
    expect(canonical(a)).toBe(canonical(b));
    expect(canonical(a)).not.toBe(canonical({ ...b, tags: { SS: ['a', 'c'] } }));
  });

  it('keeps the order of lists: a list is not a set', () => {
    expect(canonical({ L: [{ S: 'a' }, { S: 'b' }] })).not.toBe(canonical({ L: [{ S: 'b' }, { S: 'a' }] }));
  });

  it('writes binary as base64, sorts binary sets, and leaves out undefined attributes', () => {
    expect(normalize({ B: new Uint8Array([1, 2, 3]) })).toEqual({ B: 'AQID' });
    expect(normalize({ BS: [new Uint8Array([2]), new Uint8Array([1])] })).toEqual({ BS: ['AQ==', 'Ag=='] });
    expect(canonical({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonical([null, 'x', 2])).toBe('[null,"x",2]');
  });

  it('any shuffle of an object\'s keys gives the same text (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string(), fc.constant(null))), fc.infiniteStream(fc.nat()), (object, order) => {
        const entries = Object.entries(object).map((e) => [e, order.next().value] as const).sort((x, y) => x[1] - y[1]).map(([e]) => e);
        expect(canonical(Object.fromEntries(entries))).toBe(canonical(object));
      }),
      { numRuns: 50 },
    );
  });
});

describe('leaving out ignored fields', () => {
  it('removes top-level attributes and dotted paths inside DynamoDB maps or plain objects, without touching the input', () => {
    const item = { pk: { S: 'o-1' }, updatedAt: { S: 'now' }, audit: { M: { by: { S: 'me' }, at: { S: 'now' } } }, meta: { at: 'now', v: 1 } };
    const result = withoutFields(item, ['updatedAt', 'audit.at', 'meta.at', 'missing.path']);
    expect(result).toEqual({ pk: { S: 'o-1' }, audit: { M: { by: { S: 'me' } } }, meta: { v: 1 } });
    expect(item.updatedAt).toEqual({ S: 'now' });
    expect(item.audit.M.at).toEqual({ S: 'now' });
  });

  it('returns the item itself when nothing is ignored', () => {
    const item = { pk: 'o-1' };
    expect(withoutFields(item, [])).toBe(item);
  });
});

describe('leaf values (what ties a downstream effect to a source key)', () => {
  it('collects every string and number at any depth, also inside JSON held in a string', () => {
    const values = leafValues({ id: 'o-1', total: 42, big: 10n ** 30n, nested: [{ key: 'k' }, null, true], body: '{"orderId":"o-2","n":[7]}', bad: '{not json' });
    expect([...values].sort()).toEqual(['1000000000000000000000000000000', '42', '7', '{"orderId":"o-2","n":[7]}', '{not json', 'k', 'o-1', 'o-2'].sort());
  });

  it('reads the text a binary field carries (Kinesis and Firehose Data, as a call is recorded)', () => {
    const data = { $binary: Buffer.from('{"orderId":"o-3"}').toString('base64') };
    expect(leafValues({ Records: [{ Data: data }] })).toContain('o-3');
    expect(leafValues({ Data: { $binary: 'eA==', other: 1 } })).not.toContain('x');
  });

  it("reads the key an HTTP request's URL carries in its path or query, decoded, alone or after its method", () => {
    expect([...leafValues({ url: 'https://api.example.com/v1/products/A%20B?tenant=t%2F1&x=' })].sort()).toEqual(['', 'A B', 'https://api.example.com/v1/products/A%20B?tenant=t%2F1&x=', 'products', 't/1', 'v1'].sort());
    expect(leafValues('DELETE https://api.example.com/v1/products/%20')).toContain(' ');
    // a malformed escape is kept as written; text that merely mentions a URL is not one
    expect(leafValues('https://h.example.com/a/%E0%A4%A')).toContain('%E0%A4%A');
    expect(leafValues('see https://h.example.com/a/b for details')).not.toContain('b');
  });
});

describe('which source key a value carries', () => {
  it.each([
    { values: ['o-1', '42'], leaves: ['o-1', '42'], holds: true, why: 'every value as written' },
    { values: ['317279377592340.90137867933'], leaves: ['317279377592340.9'], holds: true, why: 'a number a handler parsed into a double' },
    { values: ['12345678901234567890'], leaves: ['12345678901234567000'], holds: true, why: 'an integer past 2^53, rounded' },
    { values: ['007'], leaves: ['7'], holds: false, why: 'a string with leading zeros is no number' },
    { values: ['1.5'], leaves: ['1.6'], holds: false, why: 'another number' },
    { values: ['o-1', '2'], leaves: ['o-1'], holds: false, why: 'a value missing' },
  ])('$why: $holds', ({ values, leaves, holds }) => {
    expect(holdsValues(new Set(leaves), values)).toBe(holds);
  });
});
