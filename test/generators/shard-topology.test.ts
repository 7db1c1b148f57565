import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HASH_KEY_SPACE, ShardTopology, splitPlans, splitSchedule, type ShardNode } from '../../generators/shard-topology.js';

/** The open shards: those no other shard names as its parent. */
const openShards = (topology: ShardTopology): ShardNode[] => topology.shards.filter((s) => !topology.shards.some((c) => c.parent === s));

const topologies = fc
  .record({ roots: fc.integer({ min: 1, max: 4 }), plans: splitPlans(8), records: fc.integer({ min: 0, max: 200 }) })
  .map(({ roots, plans, records }) => {
    const topology = new ShardTopology(roots, 1000);
    splitSchedule(plans, records).forEach(({ plan }, k) => topology.split(plan, 2000 + k));
    return { roots, plans, topology };
  });

describe('shard topology (splits and roll-overs of the hash-key space)', () => {
  it('the open shards always cover the whole hash-key space once, in contiguous ranges', () =>
    fc.assert(
      fc.property(topologies, ({ topology }) => {
        const ranges = openShards(topology).map((s) => [s.low, s.high] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
        expect(ranges[0]![0]).toBe(0n);
        expect(ranges.at(-1)![1]).toBe(HASH_KEY_SPACE);
        ranges.forEach(([low, high], k) => {
          expect(low < high).toBe(true);
          if (k > 0) expect(low).toBe(ranges[k - 1]![1]);
        });
      }),
      { numRuns: 100 },
    ));

  it('every child lies inside its parent, comes after it, and a parent has one child (roll-over) or two that split its range', () =>
    fc.assert(
      fc.property(topologies, ({ topology, roots, plans }) => {
        // each split closes one open shard and opens one or two
        expect(topology.shards.length).toBeGreaterThanOrEqual(roots + plans.length);
        expect(topology.shards.length).toBeLessThanOrEqual(roots + 2 * plans.length);
        expect(openShards(topology).length).toBe(topology.shards.length - plans.length);
        topology.shards.forEach((shard, k) => {
          expect(shard.ordinal).toBe(k);
          if (shard.parent === undefined) return;
          expect(shard.parent.ordinal).toBeLessThan(shard.ordinal);
          expect(shard.low >= shard.parent.low && shard.high <= shard.parent.high).toBe(true);
          expect(shard.createdAt).toBeGreaterThan(shard.parent.createdAt);
        });
        for (const parent of topology.shards) {
          const children = topology.shards.filter((s) => s.parent === parent);
          if (children.length === 0) continue;
          expect(children.length).toBeLessThanOrEqual(2);
          expect(children[0]!.low).toBe(parent.low);
          expect(children.at(-1)!.high).toBe(parent.high);
          if (children.length === 2) expect(children[0]!.high).toBe(children[1]!.low);
        }
      }),
      { numRuns: 100 },
    ));

  it('a hash belongs to the one open shard whose range holds it, never to a closed parent', () =>
    fc.assert(
      fc.property(topologies, fc.bigInt({ min: 0n, max: HASH_KEY_SPACE - 1n }), ({ topology }, hash) => {
        const owner = topology.ownerOf(hash);
        expect(owner.low <= hash && hash < owner.high).toBe(true);
        expect(openShards(topology)).toContain(owner);
      }),
      { numRuns: 100 },
    ));

  it('schedules splits by their place in the records, in order', () => {
    const plans = [{ at: 900, shard: 0, children: 2 as const, cut: 500 }, { at: 100, shard: 1, children: 1 as const, cut: 1 }, { at: 1000, shard: 0, children: 2 as const, cut: 1 }];
    expect(splitSchedule(plans, 50).map((s) => s.before)).toEqual([5, 45, 50]);
    expect(splitSchedule(plans, 50).map((s) => s.plan)).toEqual([plans[1], plans[0], plans[2]]);
  });
});
