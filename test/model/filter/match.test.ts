import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNode, leavesOf } from '../../../src/model/filter/match.js';
import type { PatternNode, ValueMatcher } from '../../../src/model/filter/pattern.js';
import { customerRecord, ddbPasses, kinesisPasses, kinesisRecord } from './records.js';

const withTotal = customerRecord({ total: { N: '5' }, status: { S: 'DONE' } });
const withoutStatus = customerRecord({ total: { N: '5' } });

describe('FilterCriteria traps AWS really has', () => {
  it('never matches a numeric operator on a DynamoDB N value, which is a string', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: [{ numeric: ['>', 1] }] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: [{ numeric: ['=', 5] }] } } } })).toBe(false);
  });

  it('matches an N value only as the string it is', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: ['5'] } } } })).toBe(true);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: [5] } } } })).toBe(false);
  });

  it('never matches an attribute value without its type key', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: ['DONE'] } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: ['DONE'] } } } })).toBe(true);
  });

  it('matches an untyped exists:false even when the attribute is present (its value is an object)', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: [{ exists: false }] } } })).toBe(true);
    expect(ddbPasses(withoutStatus, { dynamodb: { NewImage: { status: [{ exists: false }] } } })).toBe(true);
  });

  it('never matches an untyped exists:true, even when the attribute is present', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: [{ exists: true }] } } })).toBe(false);
  });

  it('tells presence apart with a typed exists', () => {
    const present = { dynamodb: { NewImage: { status: { S: [{ exists: true }] } } } };
    const absent = { dynamodb: { NewImage: { status: { S: [{ exists: false }] } } } };
    expect([ddbPasses(withTotal, present), ddbPasses(withoutStatus, present)]).toEqual([true, false]);
    expect([ddbPasses(withTotal, absent), ddbPasses(withoutStatus, absent)]).toEqual([false, true]);
  });

  it('matches exists:false when the whole path is absent', () => {
    const removal = customerRecord({}, 'REMOVE');
    delete removal.dynamodb!.NewImage;
    expect(ddbPasses(removal, { dynamodb: { NewImage: { status: { S: [{ exists: false }] } } } })).toBe(true);
    expect(ddbPasses(removal, { dynamodb: { OldImage: [{ exists: false }] } })).toBe(true);
  });

  it('does not match anything-but on an absent field', () => {
    expect(ddbPasses(withoutStatus, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': ['NEW'] }] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': ['NEW'] }] } } } })).toBe(true);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': 'DONE' }] } } } })).toBe(false);
  });

  it('does not match anything-but where the event holds an object', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: [{ 'anything-but': ['NEW'] }] } } })).toBe(false);
  });

  it('matches anything-but prefix on values outside the prefix only', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': { prefix: 'DO' } }] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': { prefix: 'N' } }] } } } })).toBe(true);
  });

  it('matches the null literal on a JSON null, not on an absent field', () => {
    const payload = kinesisRecord({ note: null });
    expect(kinesisPasses(payload, { data: { note: [null] } })).toBe(true);
    expect(kinesisPasses(kinesisRecord({}), { data: { note: [null] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({ note: '' }), { data: { note: [null] } })).toBe(false);
  });

  it('matches the empty string literal on the empty string only', () => {
    expect(kinesisPasses(kinesisRecord({ note: '' }), { data: { note: [''] } })).toBe(true);
    expect(kinesisPasses(kinesisRecord({ note: null }), { data: { note: [''] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({}), { data: { note: [''] } })).toBe(false);
  });

  it('matches numeric literals on numerically equal JSON numbers only', () => {
    expect(kinesisPasses(kinesisRecord({ n: 300.0 }), { data: { n: [300] } })).toBe(true);
    expect(kinesisPasses(kinesisRecord({ n: '300' }), { data: { n: [300] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({ n: 300 }), { data: { n: ['300'] } })).toBe(false);
  });

  it('is case-sensitive unless equals-ignore-case is asked for', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: ['done'] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'equals-ignore-case': 'done' }] } } } })).toBe(true);
  });

  it('matches a leaf against any element of an array in the event', () => {
    const record = kinesisRecord({ tags: ['a', 'b', ['c']] });
    expect(kinesisPasses(record, { data: { tags: ['b'] } })).toBe(true);
    expect(kinesisPasses(record, { data: { tags: ['c'] } })).toBe(true);
    expect(kinesisPasses(record, { data: { tags: ['z'] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({ tags: [] }), { data: { tags: [{ exists: false }] } })).toBe(true);
  });

  it('ignores inherited properties: "constructor" is absent from a record', () => {
    expect(ddbPasses(withTotal, { constructor: [{ exists: false }] })).toBe(true);
    expect(ddbPasses(withTotal, { dynamodb: { constructor: [{ exists: true }] } })).toBe(false);
  });
});

const leaf = (...matchers: ValueMatcher[]): PatternNode => ({ kind: 'leaf', matchers });
const numeric = (lower?: [number, boolean], upper?: [number, boolean]): ValueMatcher => ({
  kind: 'numeric',
  ...(lower && { lower: { value: lower[0], inclusive: lower[1] } }),
  ...(upper && { upper: { value: upper[0], inclusive: upper[1] } }),
});

describe('leavesOf', () => {
  it('is the value itself, or the scalars of (nested) arrays; objects are not leaves', () => {
    expect(leavesOf('a')).toEqual(['a']);
    expect(leavesOf(null)).toEqual([null]);
    expect(leavesOf(undefined)).toEqual([]);
    expect(leavesOf({ S: 'a' })).toEqual([]);
    expect(leavesOf([1, [2, [3, { S: 'x' }]], 'b'])).toEqual([1, 2, 3, 'b']);
  });
});

describe('compileNode', () => {
  it('compares at numeric bounds as the operators say', () => {
    const cases: [ValueMatcher, number[], number[]][] = [
      [numeric([5, false]), [5.000001, 6], [5, 4]],
      [numeric([5, true]), [5, 6], [4.999]],
      [numeric(undefined, [5, false]), [4, -1], [5]],
      [numeric([0, false], [5, true]), [0.5, 5], [0, 5.5]],
      [numeric([5, true], [5, true]), [5], [4, 6]],
    ];
    for (const [matcher, pass, fail] of cases) {
      const matches = compileNode(leaf(matcher));
      expect(pass.map(matches)).toEqual(pass.map(() => true));
      expect(fail.map(matches)).toEqual(fail.map(() => false));
    }
  });

  it('lets anything-but prefix and suffix pass values that are not strings', () => {
    expect(compileNode(leaf({ kind: 'anything-but-suffix', suffix: 'x' }))(5)).toBe(true);
    expect(compileNode(leaf({ kind: 'anything-but-suffix', suffix: 'x' }))('ax')).toBe(false);
    expect(compileNode(leaf({ kind: 'anything-but-prefix', prefix: 'x' }))(null)).toBe(true);
  });

  it('matches an object pattern against any element of an array, every field against the same element', () => {
    const node: PatternNode = { kind: 'object', fields: [['a', leaf({ kind: 'equals', value: 1 })], ['b', leaf({ kind: 'equals', value: 2 })]] };
    const matches = compileNode(node);
    expect(matches([{ a: 1, b: 2 }, { a: 3 }])).toBe(true);
    expect(matches([{ a: 1 }, { b: 2 }])).toBe(false);
  });

  it('matches exists:false on an empty array, and exists:true on any scalar leaf, null included', () =>
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)), (value) => {
        expect(compileNode(leaf({ kind: 'exists', exists: true }))(value)).toBe(true);
        expect(compileNode(leaf({ kind: 'exists', exists: false }))(value)).toBe(false);
        expect(compileNode(leaf({ kind: 'exists', exists: false }))([])).toBe(true);
      }),
    ));
});
