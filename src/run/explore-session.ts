import fc from 'fast-check';
import type { RunSettings } from '../config/settings.js';
import type { RuleId } from '../config/types.js';
import type { Case } from '../judge/case.js';
import type { CaseVerdict } from '../judge/evaluate.js';
import { caseResultOf, explorationHangLimit, owns, WHOLE } from './exploration.js';
import { explore, type Evaluator, type PoolExploration } from './pool.js';
import { plainRecipe, type SettingsRecipe } from './recipe.js';
import { ThreadEvaluator } from './thread-evaluator.js';

export interface ExploreSessionInput {
  settings: RunSettings;
  arbitrary: fc.Arbitrary<Case>;
  rules: readonly RuleId[];
  /** Judges a case on the session's own harness. */
  local: (c: Case) => Promise<CaseVerdict>;
  /** How worker threads load the settings (the CLI's config file); without it, only plain settings cross. */
  recipe?: SettingsRecipe | undefined;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads started before (see `startThreads`); the caller closes them. */
  threads?: readonly Evaluator[];
}

/**
 * The exploration of a session: the generated sequence (`fc.sample` gives exactly the cases
 * `fc.check` would run, in the same order, so case i and every replay path stay what they were),
 * judged on the session's harness and `workers - 1` worker threads.
 */
export async function exploreSession(input: ExploreSessionInput): Promise<PoolExploration> {
  const { settings } = input;
  const share = settings.shard ?? WHOLE;
  const cases = fc.sample(input.arbitrary, { seed: settings.seed, numRuns: settings.runs });
  const local: Evaluator = {
    ready: Promise.resolve(),
    evaluate: async (c) => caseResultOf(await input.local(c)),
    close: async () => undefined,
  };
  const threads = input.threads ?? startThreads(settings, input.recipe, input.rules);
  try {
    return await explore({
      cases, rules: input.rules, evaluators: [local, ...threads], share, budgetMs: settings.timeBudgetSeconds * 1000, hangLimit: explorationHangLimit,
      ...(input.onProgress && { onProgress: input.onProgress }),
    });
  } finally {
    if (input.threads === undefined) await closeThreads(threads);
  }
}

/**
 * The `workers - 1` worker threads of a session (none without a way to give them the settings,
 * or with fewer cases than workers); started early, they load while the session's harness does.
 */
export function startThreads(settings: RunSettings, recipe: SettingsRecipe | undefined, rules: readonly RuleId[]): ThreadEvaluator[] {
  const share = settings.shard ?? WHOLE;
  let owned = 0;
  for (let i = 0; i < settings.runs; i++) if (owns(share, i)) owned++;
  const usable = recipe ?? plainRecipe(settings);
  const count = usable === undefined || rules.length === 0 ? 0 : Math.max(0, Math.min(settings.workers ?? 1, owned) - 1);
  return Array.from({ length: count }, () => new ThreadEvaluator(usable!, rules));
}

export async function closeThreads(threads: readonly Evaluator[]): Promise<void> {
  await Promise.all(threads.map((t) => t.close()));
}
