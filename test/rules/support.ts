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
