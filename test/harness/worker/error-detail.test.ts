import { describe, expect, it } from 'vitest';
import { errorDetail } from '../../../src/harness/worker/error-detail.js';

describe('errorDetail: a thrown value as plain data for the report', () => {
  it('an error: name and message, with its cause chain', () => {
    const error = new Error('order projection failed', { cause: new TypeError("Cannot read properties of undefined (reading 'total')") });
    expect(errorDetail(error)).toEqual({
      name: 'Error',
      message: 'order projection failed',
      cause: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'total')" },
    });
  });

  it('values that are not errors: their type as name and their JSON as message', () => {
    expect(errorDetail('a string')).toEqual({ name: 'string', message: '"a string"' });
    expect(errorDetail({ code: 42 })).toEqual({ name: 'non-Error', message: '{"code":42}' });
    expect(errorDetail(null)).toEqual({ name: 'null', message: 'null' });
    expect(errorDetail(undefined)).toEqual({ name: 'undefined', message: 'undefined' });
    expect(errorDetail(10n)).toEqual({ name: 'bigint', message: '10' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorDetail(cyclic)).toEqual({ name: 'non-Error', message: '[object Object]' });
  });

  it('inner errors: AggregateError.errors and any own array of errors (Powertools keeps them in recordErrors)', () => {
    const aggregate = new AggregateError([new RangeError('first'), 'not an error'], '2 failed');
    expect(errorDetail(aggregate).errors).toEqual([
      { name: 'RangeError', message: 'first' },
      { name: 'string', message: '"not an error"' },
    ]);
    const powertools = Object.assign(new Error('All records failed processing'), { name: 'FullBatchFailureError', recordErrors: [new Error('a'), new Error('b')], tags: ['x'] });
    expect(errorDetail(powertools)).toEqual({
      name: 'FullBatchFailureError',
      message: 'All records failed processing',
      errors: [
        { name: 'Error', message: 'a' },
        { name: 'Error', message: 'b' },
      ],
    });
  });

  it('bounded: ten inner errors and a count of the rest, five levels deep, long messages clipped', () => {
    const many = new AggregateError(Array.from({ length: 13 }, (_, i) => new Error(`inner ${i}`)), 'many');
    const detail = errorDetail(many);
    expect(detail.errors).toHaveLength(10);
    expect(detail.moreErrors).toBe(3);

    let deep = new Error('level 7');
    for (let level = 6; level >= 0; level--) deep = new Error(`level ${level}`, { cause: deep });
    let depth = 0;
    for (let at = errorDetail(deep); at.cause; at = at.cause) depth++;
    expect(depth).toBe(5);

    expect(errorDetail(new Error('x'.repeat(1500))).message).toBe(`${'x'.repeat(1000)}… (1500 chars)`);
  });

  it('safe against cycles and throwing getters', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b, related: [a, b] });
    expect(errorDetail(a)).toEqual({ name: 'Error', message: 'a', cause: { name: 'Error', message: 'b' } });

    const hostile = new Error('hostile');
    Object.defineProperty(hostile, 'name', { get: () => { throw new Error('no name'); } });
    Object.defineProperty(hostile, 'cause', { get: () => { throw new Error('no cause'); } });
    Object.defineProperty(hostile, 'errors', { get: () => { throw new Error('no errors'); }, enumerable: true });
    expect(errorDetail(hostile)).toEqual({ name: 'Error', message: 'hostile' });
  });
});
