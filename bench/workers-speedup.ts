import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkConsumerWithSettings } from '../src/check.js';
import { resolveRunSettings } from '../src/config/settings.js';
import type { Report } from '../src/report.js';
import { loadFunctions } from '../src/run/functions.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

export interface SpeedupFigures {
  example: string;
  seed: number;
  runs: number;
  /** Wall time per worker count, ms. */
  wallMs: Record<number, number>;
  speedup: number;
  /** CPU time of the whole process (every thread) per worker count, ms: what the extra harnesses cost. */
  cpuMs: Record<number, number>;
  /**
   * The speed-up if the machine gave the process two idle cores: the work of one worker over the
   * work of two spread on two cores. An upper bound, not a measurement; on a shared, loaded
   * machine the wall-clock figure is what competes for time.
   */
  idleBound: number;
  /** The reports (durations aside) were the same for every worker count. */
  identical: boolean;
}

/** A CLI-like run of an example with `workers` harnesses (worker threads load the config file as the CLI's do). */
async function timedRun(example: string, seed: number, runs: number, workers: number): Promise<{ ms: number; cpuMs: number; report: Report }> {
  const cwd = join(examples, example);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const load = { cwd };
  const [plan] = await loadFunctions(load);
  const cli = { seed, runs, workers };
  const settings = resolveRunSettings({ loaded: plan!.loaded, cli, cwd });
  const report = await checkConsumerWithSettings(settings, { recipe: { kind: 'load', load, cli, function: 0 } });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, report };
}

const timeless = (report: Report) => JSON.stringify(report, (key, value: unknown) => (key === 'durationMs' || key === 'ms' ? undefined : value));

/** `--workers 2` against `--workers 1` on the same seeds; the target on a 2-core machine is 1.7x. */
export async function measureWorkersSpeedup(example: string, seed: number, runs = 100): Promise<SpeedupFigures> {
  await timedRun(example, seed, 4, 1); // warm the module caches, so neither side pays for them
  const one = await timedRun(example, seed, runs, 1);
  const two = await timedRun(example, seed, runs, 2);
  return {
    example, seed, runs, wallMs: { 1: one.ms, 2: two.ms }, speedup: one.ms / two.ms, cpuMs: { 1: one.cpuMs, 2: two.cpuMs },
    idleBound: (2 * one.cpuMs) / two.cpuMs,
    identical: timeless(one.report) === timeless(two.report),
  };
}
