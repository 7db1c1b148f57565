import { describe, expect, it } from 'vitest';
import { DEFAULT_GC_DELETES_MS, IndexState, parseTimeValue } from '../../../../src/harness/downstream/search/index-state.js';

describe('IndexState.tombstone', () => {
  it('keeps a delete for index.gc_deletes (60s by default), then forgets it', () => {
    const index = new IndexState('orders', 'uuid');
    expect(DEFAULT_GC_DELETES_MS).toBe(60_000);
    index.tombstones.set('a', { version: 3n, deletedAt: 1_000 });
    expect(index.tombstone('a', 1_000 + 59_999)).toEqual({ version: 3n, deletedAt: 1_000 });
    expect(index.tombstone('a', 1_000 + 60_000)).toBeUndefined();
    expect(index.tombstones.has('a')).toBe(false);
    expect(index.tombstone('never', 0)).toBeUndefined();
  });

  it('follows the index\'s own gc_deletes', () => {
    const index = new IndexState('orders', 'uuid');
    index.gcDeletesMs = 0;
    index.tombstones.set('a', { version: 3n, deletedAt: 1_000 });
    expect(index.tombstone('a', 1_000)).toBeUndefined();
  });
});

describe('parseTimeValue', () => {
  it.each([
    ['60s', 60_000],
    ['1m', 60_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1000micros', 1],
    [' 5s ', 5_000],
    ['0', 0],
    ['-1', 0],
    [30_000, 30_000],
    [-1, 0],
  ])('reads %j as %d ms', (value, ms) => {
    expect(parseTimeValue(value)).toBe(ms);
  });

  it.each(['60', '5 s', 'soon', '', '1y', -2, Number.NaN, null, {}])('refuses %j (a number needs a unit unless 0 or -1)', (value) => {
    expect(parseTimeValue(value)).toBeUndefined();
  });
});
