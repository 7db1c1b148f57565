import { describe, expect, it } from 'vitest';
import { plainItem } from '../../src/core/plain-item.js';

describe('DynamoDB JSON as plain JSON', () => {
  it('unwraps every type: strings, numbers, booleans, null, lists, maps, sets, binary', () => {
    expect(plainItem({
      s: { S: 'x' }, n: { N: '42' }, f: { N: '1.5' }, ok: { BOOL: true }, nil: { NULL: true },
      l: { L: [{ S: 'a' }, { N: '2' }] }, m: { M: { k: { S: 'v' } } },
      ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2'] }, b: { B: new Uint8Array([1, 2, 3]) },
    })).toEqual({ s: 'x', n: 42, f: 1.5, ok: true, nil: null, l: ['a', 2], m: { k: 'v' }, ss: ['a', 'b'], ns: [1, 2], b: 'AQID' });
  });

  it('keeps a number as its string when a JS number would change it (38 digits, beyond safe integers)', () => {
    const item = plainItem({ seq: { N: '100000000000000000000000401929365002' }, unsafe: { N: '9007199254740993' }, safe: { N: '9007199254740991' }, ns: { NS: ['12345678901234567890'] } });
    expect(item).toEqual({ seq: '100000000000000000000000401929365002', unsafe: '9007199254740993', safe: 9007199254740991, ns: ['12345678901234567890'] });
    // an integer is a number however it is spelled
    expect(plainItem({ n: { N: '10.0' }, neg: { N: '-7' } })).toEqual({ n: 10, neg: -7 });
  });

  it('leaves what is not DynamoDB JSON as it is', () => {
    expect(plainItem(null)).toBeNull();
    expect(plainItem('text')).toBe('text');
    const notDynamo = { a: { X: 1 } };
    expect(plainItem(notDynamo)).toBe(notDynamo);
  });
});
