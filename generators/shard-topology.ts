import fc from 'fast-check';

/** Shards own ranges of the 128-bit hash-key space, as in Kinesis. */
export const HASH_KEY_SPACE = 2n ** 128n;

export interface ShardNode {
  /** Creation order: parents always come before their children. */
  ordinal: number;
  /** Hash-key range [low, high). */
  low: bigint;
  high: bigint;
  /** Epoch ms. */
  createdAt: number;
  parent?: ShardNode;
}

export interface SplitPlan {
  /** When the shard closes, in ‰ of the stream's records. */
  at: number;
  /** Which open shard closes (index modulo the open shards). */
  shard: number;
  /** 1: the shard rolls over to one child; 2: it splits in two. */
  children: 1 | 2;
  /** Where a split in two cuts the parent's range, in ‰. */
  cut: number;
}

export function splitPlans(maxSplits: number): fc.Arbitrary<SplitPlan[]> {
  const plan = fc.record({
    at: fc.integer({ min: 0, max: 1000 }),
    shard: fc.nat({ max: 15 }),
    children: fc.constantFrom<1 | 2>(2, 1),
    cut: fc.integer({ min: 1, max: 999 }),
  });
  return fc.array(plan, { maxLength: maxSplits });
}

/** The record index before which each plan applies, in application order. */
export function splitSchedule(plans: readonly SplitPlan[], recordCount: number): { before: number; plan: SplitPlan }[] {
  return plans
    .map((plan) => ({ before: Math.floor((plan.at * recordCount) / 1000), plan }))
    .sort((a, b) => a.before - b.before);
}

/** Open and closed shards; keys go to the open shard whose range holds their hash. */
export class ShardTopology {
  readonly shards: ShardNode[] = [];
  private open: ShardNode[] = [];

  constructor(rootCount: number, createdAt: number) {
    const count = BigInt(Math.max(1, rootCount));
    for (let i = 0n; i < count; i++) {
      this.add((HASH_KEY_SPACE * i) / count, (HASH_KEY_SPACE * (i + 1n)) / count, createdAt);
    }
  }

  split(plan: SplitPlan, createdAt: number): void {
    const parent = this.open[plan.shard % this.open.length] as ShardNode;
    this.open = this.open.filter((shard) => shard !== parent);
    const cut = parent.low + ((parent.high - parent.low) * BigInt(plan.cut)) / 1000n;
    const halves = plan.children === 2 && cut > parent.low && cut < parent.high;
    if (halves) {
      this.add(parent.low, cut, createdAt, parent);
      this.add(cut, parent.high, createdAt, parent);
    } else {
      this.add(parent.low, parent.high, createdAt, parent);
    }
  }

  ownerOf(hash: bigint): ShardNode {
    const owner = this.open.find((shard) => shard.low <= hash && hash < shard.high);
    if (owner === undefined) throw new Error(`No open shard owns hash ${hash}`);
    return owner;
  }

  private add(low: bigint, high: bigint, createdAt: number, parent?: ShardNode): void {
    const shard: ShardNode = { ordinal: this.shards.length, low, high, createdAt, ...(parent && { parent }) };
    this.shards.push(shard);
    this.open.push(shard);
  }
}
