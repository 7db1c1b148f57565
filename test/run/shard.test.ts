import { describe, expect, it } from 'vitest';
import type { PoolExploration } from '../../src/run/pool.js';
import { shardFunctions, shardSection } from '../../src/run/shard.js';

describe('--shard and merge', () => {
  it('whole functions per shard when there are at least as many functions as shards, else a share of every function’s cases', () => {
    expect(shardFunctions(['a', 'b', 'c'], { index: 1, count: 2 })).toEqual([{ plan: 'b', share: 'function' }]);
    expect(shardFunctions(['a', 'b'], { index: 0, count: 3 })).toEqual([{ plan: 'a', share: 'cases' }, { plan: 'b', share: 'cases' }]);
  });

  it.each([
    { plans: ['a', 'b', 'c', 'd', 'e'], shard: { index: 0, count: 2 }, expected: [['a', 'function'], ['c', 'function'], ['e', 'function']] },
    { plans: ['a', 'b'], shard: { index: 1, count: 2 }, expected: [['b', 'function']] },
    { plans: ['a'], shard: { index: 0, count: 1 }, expected: [['a', 'cases']] },
    { plans: ['a'], shard: undefined, expected: [['a', undefined]] },
  ])('$plans on shard $shard', ({ plans, shard, expected }) => {
    expect(shardFunctions(plans, shard).map(({ plan, share }) => [plan, share])).toEqual(expected);
  });
});

describe('shardSection', () => {
  it('says which share a shard explored, 1-based, and each rule\'s first failing case', () => {
    const explored = { upTo: 40, total: 100, firstFailures: new Map([['no-silent-loss', { index: 7, ms: 12 }]]), observable: true, compared: true } as unknown as PoolExploration;
    expect(shardSection({ index: 1, count: 3 }, 'cases', ['no-silent-loss'], explored, 100)).toEqual({
      index: 2, count: 3, share: 'cases', upTo: 40, total: 100, caseRules: ['no-silent-loss'], firstFailures: { 'no-silent-loss': 7 }, observable: true, compared: true,
    });
  });

  it('a shard that explored nothing covers the whole sequence and observed nothing', () => {
    expect(shardSection({ index: 0, count: 2 }, 'function', [], undefined, 25)).toEqual({
      index: 1, count: 2, share: 'function', upTo: 25, total: 25, caseRules: [], firstFailures: {}, observable: false, compared: false,
    });
  });
});
