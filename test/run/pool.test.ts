import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../src/config/types.js';
import { caseArbitrary, type Case } from '../../src/judge/case.js';
import { explore, type Evaluator } from '../../src/run/pool.js';
import type { Report } from '../../reports/report.js';
import { main } from '../../src/cli/main.js';
import { examplesDir } from '../rules/support.js';

const rules: RuleId[] = ['per-key-ordering', 'no-silent-loss'];

/** Waits `ms` of real time. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits `turns` turns of the microtask queue: an order of completion no busy machine changes. */
const ticks = async (turns: number) => {
  for (let i = 0; i < turns * 10; i++) await Promise.resolve();
};

/** An evaluator whose answers take a random time: completion order differs from case order. */
function fakeEvaluator(verdict: (c: number) => RuleId[] | Error, random: () => number, hangs: (c: number) => number = () => 0, wait = sleep): Evaluator {
  return {
    ready: Promise.resolve(),
    evaluate: async (c) => {
      await wait(Math.floor(random() * 5));
      const v = verdict(c as unknown as number);
      if (v instanceof Error) throw v;
      return { failed: v, observable: true, compared: c as unknown as number % 3 === 0, warnings: [`w${c as unknown as number % 4}`], hangs: hangs(c as unknown as number) };
    },
    close: async () => undefined,
  };
}

describe('explore', () => {
  const cases = Array.from({ length: 40 }, (_, i) => i as unknown as Case);
  const verdict = (c: number): RuleId[] => (c === 17 || c === 23 ? ['no-silent-loss'] : c === 29 ? ['per-key-ordering'] : []);

  it('gives the same exploration for any number of evaluators', async () => {
    const outcomes = [];
    for (const count of [1, 2, 5]) {
      let state = count;
      const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const e = await explore({ cases, rules, evaluators: Array.from({ length: count }, () => fakeEvaluator(verdict, random)), budgetMs: 60_000 });
      outcomes.push({ ...e, firstFailures: [...e.firstFailures].map(([id, f]) => [id, f.index]) });
    }
    expect(outcomes[0]).toMatchObject({ upTo: 30, counted: 30, complete: true, cut: false, firstFailures: [['no-silent-loss', 17], ['per-key-ordering', 29]] });
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toEqual(outcomes[0]);
  });

  it('an error stops the run unless every rule failed before it; the lowest case’s error wins', async () => {
    const failing = (c: number) => (c === 31 || c === 12 ? new Error(`case ${c}`) : verdict(c));
    await expect(explore({ cases, rules, evaluators: [fakeEvaluator(failing, Math.random), fakeEvaluator(failing, Math.random)], budgetMs: 60_000 })).rejects.toThrow('case 12');
    const late = (c: number) => (c === 35 ? new Error('late') : verdict(c));
    const e = await explore({ cases, rules, evaluators: [fakeEvaluator(late, Math.random), fakeEvaluator(late, Math.random)], budgetMs: 60_000 });
    expect(e.upTo).toBe(30);
  });

  it('does not wait for a worker that never starts', async () => {
    const stuck: Evaluator = { ready: new Promise(() => undefined), evaluate: () => new Promise(() => undefined), close: async () => undefined };
    const e = await explore({ cases, rules, evaluators: [fakeEvaluator(verdict, Math.random), stuck], budgetMs: 60_000 });
    expect(e.upTo).toBe(30);
  });

  it('stops at the case by which the handler has hung hangLimit times, the same prefix for any number of evaluators, and no case after it is started', async () => {
    const hangs = (c: number) => (c % 2 === 0 ? 3 : 0);
    for (const count of [1, 3]) {
      const started: number[] = [];
      let state = count;
      const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      // answers in microtask turns, not milliseconds: how many cases start before the cut is known must not depend on the machine's load
      const evaluators = Array.from({ length: count }, () => fakeEvaluator((c) => (started.push(c), []), random, hangs, ticks));
      const e = await explore({ cases, rules, evaluators, budgetMs: 60_000, hangLimit: 10 });
      // cases 0, 2, 4, 6 hang 3 times each: the fourth (case 6) reaches 12
      expect(e).toMatchObject({ upTo: 7, counted: 7, hangs: 12, hangCut: true, cut: false, complete: false });
      expect(Math.max(...started)).toBeLessThan(7 + count);
    }
  });

  it('a time budget ends it at a prefix, flagged as cut', async () => {
    const e = await explore({ cases, rules, evaluators: [fakeEvaluator(() => [], Math.random)], budgetMs: -1 });
    expect(e).toMatchObject({ upTo: 0, counted: 0, cut: true });
  });
});

describe('the generated sequence', () => {
  it('fc.sample gives exactly the cases fc.check runs, in order (so case i and replay paths do not move)', async () => {
    const arbitrary = caseArbitrary({ source: 'kinesis', config: {} });
    const seen: Case[] = [];
    await fc.check(fc.asyncProperty(arbitrary, async (c) => { seen.push(c); return true; }), { seed: 11, numRuns: 15 });
    expect(fc.sample(arbitrary, { seed: 11, numRuns: 15 })).toEqual(seen);
  });
});

/** The CLI's JSON report, without what depends on timing. */
async function jsonReport(cwd: string, args: string[]): Promise<{ code: number; report: unknown }> {
  let out = '';
  const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: () => undefined }, cwd, env: {} };
  const code = await main([...args, '--reporter', 'json=-', '--quiet'], io);
  const timeless = JSON.parse(out, (key, value: unknown) => (key === 'durationMs' || key === 'explorationMs' || key === 'ms' ? undefined : value)) as Report;
  return { code, report: timeless };
}

describe('--workers', () => {
  // two rules fail in each: with 2 workers they shrink at once, one on the worker thread
  it('the report is the same with 1 and 2 workers (a JSON config)', async () => {
    const cwd = join(examplesDir, 'swallowed-errors');
    const args = ['--seed', '5', '--runs', '4'];
    const one = await jsonReport(cwd, [...args, '--workers', '1']);
    const two = await jsonReport(cwd, [...args, '--workers', '2']);
    expect(one.code).toBe(1);
    expect((one.report as Report).rules.filter((r) => r.counterexample).length).toBeGreaterThanOrEqual(2);
    expect(two).toEqual(one);
  }, 180_000);

  it('the report is the same with 1 and 2 workers (a TypeScript config with functions: the worker threads load it again)', async () => {
    const cwd = join(examplesDir, 'windowed-double-count');
    const args = ['--seed', '5', '--runs', '4'];
    const one = await jsonReport(cwd, [...args, '--workers', '1']);
    const two = await jsonReport(cwd, [...args, '--workers', '2']);
    expect((one.report as Report).rules.filter((r) => r.counterexample).length).toBeGreaterThanOrEqual(2);
    expect(two).toEqual(one);
  }, 180_000);
});

describe('settings for the worker threads', () => {
  it('plain settings cross as data; a config with functions is loaded again from its file', async () => {
    const { plainRecipe, settingsFromRecipe } = await import('../../src/run/recipe.js');
    const { loadConfig } = await import('../../src/config/load.js');
    const { resolveRunSettings } = await import('../../src/config/settings.js');
    const plainCwd = join(examplesDir, 'eventid-item-identifier');
    const plain = resolveRunSettings({ loaded: await loadConfig({ cwd: plainCwd }), cli: { seed: 1 }, cwd: plainCwd });
    expect(plainRecipe(plain)).toEqual({ kind: 'settings', settings: plain });
    const cwd = join(examplesDir, 'windowed-totals');
    const settings = resolveRunSettings({ loaded: await loadConfig({ cwd }), cli: { seed: 1 }, cwd });
    expect(plainRecipe(settings)).toBeUndefined();
    const again = await settingsFromRecipe({ kind: 'load', load: { cwd }, cli: { seed: 1 }, function: 0 });
    expect(typeof again.config.downstream?.expect?.state).toBe('function');
    expect({ ...again, config: undefined }).toEqual({ ...settings, config: undefined });
  });
});
