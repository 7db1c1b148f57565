import type { PoolExploration } from './pool.js';

/**
 * The time budget stops the exploration at a prefix of the generated sequence: the report is then
 * the one `--runs <prefix>` would give, and says so (never a silent cut).
 */
export function budgetWarning(explored: Pick<PoolExploration, 'counted' | 'total' | 'upTo'>, budgetSeconds: number): string {
  return `the time budget (timeBudgetSeconds ${budgetSeconds}) ran out after ${explored.counted} of ${explored.total} generated cases: the verdict is that of --runs ${explored.upTo}; raise timeBudgetSeconds, add --workers, or spread the run with --shard`;
}
