import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleById } from '../../properties/index.js';
import { loadConfig } from '../../src/config/load.js';
import { resolveRunSettings, type RunSettings } from '../../src/config/settings.js';
import type { RuleId } from '../../src/config/types.js';
import { UserError } from '../../src/core/user-error.js';
import { caseArbitrary } from '../../src/judge/case.js';
import { evaluateCase } from '../../src/judge/evaluate.js';
import { caseResultOf } from '../../src/run/exploration.js';
import { judgeContext, startHarness } from '../../src/run/check.js';
import { plainRecipe } from '../../src/run/recipe.js';
import { ThreadEvaluator } from '../../src/run/thread-evaluator.js';
import { resolveMappingOnce } from '../../src/simulate.js';
import { examplesDir } from '../rules/support.js';

// A worker thread of the pool (src/run/pool-worker.ts) with its own harness, driven through its
// one door: these tests start real threads, so they are few and small.
const cwd = join(examplesDir, 'eventid-item-identifier');
const rules: RuleId[] = ['idempotent-redelivery', 'per-key-ordering'];
const settingsOf = async (): Promise<RunSettings> => resolveRunSettings({ loaded: await loadConfig({ cwd }), cli: { seed: 4, runs: 2 }, cwd });
const threads: ThreadEvaluator[] = [];
const thread = (settings: RunSettings) => {
  const t = new ThreadEvaluator(plainRecipe(settings)!, rules);
  threads.push(t);
  return t;
};
afterAll(() => Promise.all(threads.map((t) => t.close())));

describe('ThreadEvaluator', () => {
  it('a thread whose handler cannot be loaded fails to start with the error the session would have thrown', async () => {
    const settings = await settingsOf();
    const missing = { ...settings, handlerRef: 'no-such-handler.ts', handlerFile: join(cwd, 'no-such-handler.ts') };
    const broken = thread(missing);
    const own = await startHarness(missing).then(() => undefined, (e: unknown) => e as Error);
    const error = await broken.ready.then(() => undefined, (e: unknown) => e as Error);
    expect(own?.message).toMatch(/no-such-handler\.ts/);
    expect({ name: error?.name, message: error?.message }).toEqual({ name: own?.name, message: own?.message });
    // written for the user on the session's harness, so written for the user from a thread
    expect(own).toBeInstanceOf(UserError);
    expect(error).toBeInstanceOf(UserError);
    await broken.close();
    await expect(broken.close()).resolves.toBeUndefined();
  }, 60_000);

  it('judges a case as the session’s own harness does', async () => {
    const settings = await settingsOf();
    const worker = thread(settings);
    const [c] = fc.sample(caseArbitrary({ source: settings.source, config: settings.config }), { seed: settings.seed, numRuns: 1 });
    const harness = await startHarness(settings);
    try {
      const context = { ...judgeContext(settings, harness, resolveMappingOnce(settings.config.mapping, settings.source)), rules: rules.map(ruleById) };
      const verdict = await evaluateCase(c!, context);
      await worker.ready;
      const result = await worker.evaluate(c!);
      expect(result).toEqual(caseResultOf(verdict));
      expect(result.observable).toBe(true);
    } finally {
      await harness.close();
    }
  }, 60_000);
});
