import { describe, expect, it } from 'vitest';
import { firstDifference, typeOf } from '../../src/judge/typed-difference.js';

describe('typeOf', () => {
  it.each([
    [{ S: 'a' }, 'S'],
    [{ NS: ['1'] }, 'NS'],
    [{ S: 'a', N: '1' }, 'object'],
    [{ X: 'a' }, 'object'],
    [undefined, 'nothing'],
    [null, 'null'],
    [[1], 'array'],
    ['text', 'string'],
    [3, 'number'],
  ])('%j is %s', (value, type) => {
    expect(typeOf(value)).toBe(type);
  });
});

describe('firstDifference', () => {
  it.each([
    { what: 'equal items', expected: { pk: { S: 'a' }, n: { N: '1' } }, actual: { n: { N: '1' }, pk: { S: 'a' } }, at: undefined },
    { what: 'sets in another order', expected: { tags: { SS: ['x', 'y'] } }, actual: { tags: { SS: ['y', 'x'] } }, at: undefined },
    { what: 'an item attribute', expected: { pk: { S: 'a' }, n: { N: '1' } }, actual: { pk: { S: 'a' }, n: { N: '2' } }, at: { path: 'n', expected: { N: '1' }, actual: { N: '2' } } },
    { what: 'a type change', expected: { n: { N: '1' } }, actual: { n: { S: '1' } }, at: { path: 'n', expected: { N: '1' }, actual: { S: '1' } } },
    { what: 'a missing attribute', expected: { a: { S: 'x' }, b: { S: 'y' } }, actual: { a: { S: 'x' } }, at: { path: 'b', expected: { S: 'y' }, actual: undefined } },
    {
      what: 'inside a map and a list',
      expected: { address: { M: { lines: { L: [{ S: 'a' }, { S: 'b' }] } } } },
      actual: { address: { M: { lines: { L: [{ S: 'a' }, { S: 'c' }] } } } },
      at: { path: 'address.lines[1]', expected: { S: 'b' }, actual: { S: 'c' } },
    },
    { what: 'a key that is not an identifier', expected: { 'a-b': 1 }, actual: { 'a-b': 2 }, at: { path: '["a-b"]', expected: 1, actual: 2 } },
    { what: 'plain JSON, plain values before nested ones', expected: { z: 1, a: [1, 2] }, actual: { z: 2, a: [1, 3] }, at: { path: 'z', expected: 1, actual: 2 } },
    { what: 'plain JSON, nested ones in sorted order', expected: { z: { v: 1 }, a: [1, 2] }, actual: { z: { v: 2 }, a: [1, 3] }, at: { path: 'a[1]', expected: 2, actual: 3 } },
    {
      what: "a message's type before its images (INSERT against REMOVE)",
      expected: [{ type: 'INSERT', orderId: ' ', newImage: { orderId: ' ' }, oldImage: null }],
      actual: [{ type: 'REMOVE', orderId: ' ', newImage: null, oldImage: { orderId: ' ' } }],
      at: { path: '[0].type', expected: 'INSERT', actual: 'REMOVE' },
    },
    { what: 'a longer list', expected: [1], actual: [1, 2], at: { path: '[1]', expected: undefined, actual: 2 } },
    { what: 'whole values of other kinds', expected: 'a', actual: 1, at: { path: '', expected: 'a', actual: 1 } },
  ])('$what', ({ expected, actual, at }) => {
    expect(firstDifference(expected, actual)).toEqual(at);
  });
});
