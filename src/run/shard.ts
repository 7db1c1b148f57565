import type { ShardSection } from '../../reports/report.js';

export type { ShardSection };
import type { RuleId } from '../config/types.js';
import type { PoolExploration } from './pool.js';


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
