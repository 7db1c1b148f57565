import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkConsumerWithSettings } from '../src/run/check.js';
import { resolveRunSettings } from '../src/config/settings.js';
import type { Report } from '../reports/report.js';
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
  /** CPU time of the main thread alone (its harness's model and judging, generation, reports), ms; undefined off Linux. */
  mainThreadCpuMs: Record<number, number | undefined>;
  /**
   * The best speed-up two idle cores allow: the one-worker run's time over the CPU time of the
   * two-worker run spread evenly on both. An upper bound, not a measurement. A one-worker run
   * already keeps more than one core busy (its handler thread, V8's garbage collector and compiler
   * threads), so on an idle machine its wall time is below its CPU time and this bound is below the
   * ratio of CPU times; on a loaded machine only the ratio of CPU times is left.
   */
  idleBound: number;
  /** The reports (durations aside) were the same for every worker count. */
  identical: boolean;
}

/** A CLI-like run of an example with `workers` harnesses (worker threads load the config file as the CLI's do). */
async function timedRun(example: string, seed: number, runs: number, workers: number): Promise<{ ms: number; cpuMs: number; mainMs: number | undefined; report: Report }> {
  const cwd = join(examples, example);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  const load = { cwd };
  const [plan] = await loadFunctions(load);
  const cli = { seed, runs, workers };
  const settings = resolveRunSettings({ loaded: plan!.loaded, cli, cwd });
  const report = await checkConsumerWithSettings(settings, { recipe: { kind: 'load', load, cli, function: 0 } });
  const used = process.cpuUsage(cpu);
  const mainNow = mainThreadCpuMs();
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, mainMs: main === undefined || mainNow === undefined ? undefined : mainNow - main, report };
}

/** CPU time of this thread so far (Linux: user + system clock ticks of /proc/thread-self/stat), ms. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** What a report says, without the times it took (which depend on the machine and the worker count). */
const timeKeys = new Set(['durationMs', 'explorationMs', 'ms']);
export const timeless = (report: Report) => JSON.stringify(report, (key, value: unknown) => (timeKeys.has(key) ? undefined : value));

/** `--workers 2` against `--workers 1` on the same seeds; the target on a 2-core machine is 1.7x. */
export async function measureWorkersSpeedup(example: string, seed: number, runs = 100): Promise<SpeedupFigures> {
  await timedRun(example, seed, 4, 1); // warm the module caches, so neither side pays for them
  const one = await timedRun(example, seed, runs, 1);
  const two = await timedRun(example, seed, runs, 2);
  return {
    example, seed, runs, wallMs: { 1: one.ms, 2: two.ms }, speedup: one.ms / two.ms, cpuMs: { 1: one.cpuMs, 2: two.cpuMs },
    mainThreadCpuMs: { 1: one.mainMs, 2: two.mainMs },
    // one worker's run on idle cores takes at most its wall time here and at most its CPU time (it already keeps more than one core busy)
    idleBound: (Math.min(one.ms, one.cpuMs) * Math.min(2, availableParallelism())) / two.cpuMs,
    identical: timeless(one.report) === timeless(two.report),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { example: { type: 'string', default: 'orders-projection' }, seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '100' } } });
  const s = await measureWorkersSpeedup(values.example, Number(values.seed), Number(values.runs));
  console.log(formatSpeedup(s));
}

export function formatSpeedup(s: SpeedupFigures): string {
  const seconds = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`);
  return [
    `${s.example} (seed ${s.seed}, ${s.runs} runs): ${seconds(s.wallMs[1])} → ${seconds(s.wallMs[2])}, ${s.speedup.toFixed(2)}x (${s.speedup >= 1.7 ? 'met' : 'NOT met'}); reports ${s.identical ? 'identical' : 'DIFFERENT'}`,
    `  CPU time ${seconds(s.cpuMs[1])} → ${seconds(s.cpuMs[2])} (main thread ${seconds(s.mainThreadCpuMs[1])} → ${seconds(s.mainThreadCpuMs[2])}): on idle cores at most ${s.idleBound.toFixed(2)}x (load average now ${loadavg()[0]!.toFixed(1)})`,
  ].join('\n');
}
