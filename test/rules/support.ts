import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { resolveRunSettings } from '../../src/config/settings.js';
import { checkConsumerWithSettings } from '../../src/check.js';
import type { Report } from '../../src/report.js';

export const examplesDir = join(import.meta.dirname, '..', '..', 'examples');

export interface Expectation {
  fails: string[];
  mayFail: string[];
  /** Rules that must end as a warning (a finding of a rule that warns by default). */
  warns?: string[];
}

export const manifest = JSON.parse(readFileSync(join(examplesDir, 'manifest.json'), 'utf8')) as Record<string, Expectation>;

/** Runs the conformance check on an example as the CLI would (its config file, a fixed seed). */
export async function checkExample(name: string, seed: number, runs: number, extra: { rules?: string[] } = {}): Promise<Report> {
  const cwd = join(examplesDir, name);
  const loaded = await loadConfig({ cwd });
  const settings = resolveRunSettings({ loaded, cli: { seed, runs, ...(extra.rules && { rules: extra.rules }) }, cwd });
  return checkConsumerWithSettings(settings);
}

export function failing(report: Report): string[] {
  return report.rules.filter((r) => r.status === 'fail').map((r) => r.id);
}

/**
 * The manifest's examples whose index is `part` modulo `parts`: the examples are split over a few
 * test files so that vitest runs them in parallel processes.
 */
export function examplesPart(part: number, parts: number): string[] {
  return Object.keys(manifest).filter((name, i) => !name.startsWith('$') && i % parts === part);
}

export async function expectManifestVerdict(name: string, expectFn: typeof import('vitest').expect): Promise<void> {
  const expected = manifest[name]!;
  const report = await checkExample(name, 5, 60);
  const failed = failing(report);
  for (const rule of expected.fails) expectFn(failed, `${name} must fail ${rule}`).toContain(rule);
  for (const rule of failed) expectFn([...expected.fails, ...expected.mayFail], `${name} must not fail ${rule}`).toContain(rule);
  expectFn(report.ok).toBe(expected.fails.length === 0);
  const warned = report.rules.filter((r) => r.status === 'warn').map((r) => r.id);
  for (const rule of expected.warns ?? []) expectFn(warned, `${name} must warn ${rule}`).toContain(rule);
  for (const rule of report.rules.filter((r) => r.status === 'fail')) {
    expectFn(rule.production).toBeTruthy();
    expectFn(rule.fix).toBeTruthy();
    if (rule.id !== 'poison-pill-isolation') expectFn(rule.counterexample?.replay).toBeTruthy();
  }
}
