import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { resolveRunSettings } from '../../src/config/settings.js';
import { checkConsumerWithSettings } from '../../src/run/check.js';
import type { Report } from '../../reports/report.js';

export const examplesDir = join(import.meta.dirname, '..', '..', 'examples');

/** Runs the conformance check on an example as the CLI would (its config file, a fixed seed). */
export async function checkExample(name: string, seed: number, runs: number, extra: { rules?: string[] } = {}): Promise<Report> {
  const cwd = join(examplesDir, name);
  const loaded = await loadConfig({ cwd });
  const settings = resolveRunSettings({ loaded, cli: { seed, runs, ...(extra.rules && { rules: extra.rules }) }, cwd });
  return checkConsumerWithSettings(settings);
}
