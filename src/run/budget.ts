import type { PoolExploration } from './pool.js';

/**
 * The time budget stops the exploration at a prefix of the generated sequence: the report is then
 * the one `--runs <prefix>` would give, and says so (never a silent cut).
 */
export function budgetWarning(explored: Pick<PoolExploration, 'counted' | 'total' | 'upTo'>, budgetSeconds: number): string {
  return `the time budget (timeBudgetSeconds ${budgetSeconds}) ran out after ${explored.counted} of ${explored.total} generated cases: the verdict is that of --runs ${explored.upTo}; raise timeBudgetSeconds, add --workers, or spread the run with --shard`;
}

/**
 * The handler hung so often that the exploration stopped (see `explorationHangLimit`): the report
 * is that of `--runs <prefix>`, and says why.
 */
export function hangCutWarning(explored: Pick<PoolExploration, 'counted' | 'total' | 'upTo' | 'hangs'>): string {
  return `the handler kept running past its timeout in ${explored.hangs} invocations of the first ${explored.counted} generated cases, so the exploration stopped there (each hang costs real time and shows little more): the verdict is that of --runs ${explored.upTo} of ${explored.total}; once the loop or the long wait is fixed, every case runs`;
}
