import type { RuleId } from '../config/types.js';
import type { PoolExploration } from './pool.js';

/** What a `--shard i/n` run explored, in its JSON report: enough for `conformance merge` to settle the whole sequence. */
export interface ShardSection {
  /** 1-based, as on the command line. */
  index: number;
  count: number;
  /** `cases`: this run explored the case indexes `i` with `i % count == index - 1`; `function`: the whole function. */
  share: 'cases' | 'function';
  /** Its cases below this index were all judged. */
  upTo: number;
  /** `--runs`: the length of the whole sequence. */
  total: number;
  /** The rules judged on every case, and the first case (0-based, in the whole sequence) each failed. */
  caseRules: RuleId[];
  firstFailures: Partial<Record<RuleId, number>>;
  observable: boolean;
  compared: boolean;
}

export function shardSection(shard: { index: number; count: number }, share: ShardSection['share'], caseRules: RuleId[], explored: PoolExploration | undefined, total: number): ShardSection {
  return {
    index: shard.index + 1,
    count: shard.count,
    share,
    upTo: explored?.upTo ?? total,
    total,
    caseRules,
    firstFailures: Object.fromEntries([...(explored?.firstFailures ?? [])].map(([id, f]) => [id, f.index])),
    observable: explored?.observable ?? false,
    compared: explored?.compared ?? false,
  };
}

/**
 * Which functions a `--shard i/n` run checks, and how: with at least as many functions as shards,
 * whole functions (the k-th to shard k mod n); with fewer, every function, a share of its cases each.
 */
export function shardFunctions<T>(plans: T[], shard: { index: number; count: number } | undefined): { plan: T; share: ShardSection['share'] | undefined }[] {
  if (shard === undefined) return plans.map((plan) => ({ plan, share: undefined }));
  if (plans.length > 1 && plans.length >= shard.count) {
    return plans.filter((_, k) => k % shard.count === shard.index).map((plan) => ({ plan, share: 'function' as const }));
  }
  return plans.map((plan) => ({ plan, share: 'cases' as const }));
}
