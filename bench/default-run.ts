import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkConsumerWithSettings } from '../src/run/check.js';
import { loadConfig } from '../src/config/load.js';
import { resolveRunSettings } from '../src/config/settings.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

export interface DefaultRunFigures {
  example: string;
  wallMs: number;
  ok: boolean;
  rules: { id: string; status: string; durationMs: number }[];
}

/** A default run (100 cases) on an example consumer, as `npx conformance` does it. */
export async function measureDefaultRun(example = 'orders-projection', seed = 1): Promise<DefaultRunFigures> {
  const cwd = join(examples, example);
  const started = performance.now();
  const settings = resolveRunSettings({ loaded: await loadConfig({ cwd }), cli: { seed }, cwd });
  const report = await checkConsumerWithSettings(settings);
  return {
    example,
    wallMs: performance.now() - started,
    ok: report.ok,
    rules: report.rules.map((r) => ({ id: r.id, status: r.status, durationMs: r.durationMs })),
  };
}
