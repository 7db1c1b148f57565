import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkConsumerWithSettings } from '../src/run/check.js';
import { resolveRunSettings } from '../src/config/settings.js';
import type { Report } from '../reports/report.js';
import { loadFunctions } from '../src/run/functions.js';
import { formatMachineCeiling, measureMachineCeiling } from './machine-ceiling.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

export interface SpeedupFigures {
  example: string;
  seed: number;
  runs: number;
  /** Wall time per worker count, ms. */
  wallMs: Record<number, number>;
  speedup: number;
  /**
   * CPU time per worker count, ms: the process (every thread) and the execution environments'
   * relay processes, where the handlers run (Linux; the process alone elsewhere).
   */
  cpuMs: Record<number, number>;
  /** CPU time of the relay processes alone, ms; undefined off Linux. */
  handlerCpuMs: Record<number, number | undefined>;
  /** CPU time of the main thread alone (its harness's model and judging, generation, reports), ms; undefined off Linux. */
  mainThreadCpuMs: Record<number, number | undefined>;
  /**
   * What a second harness and its execution environment cost to start, ms of CPU: a 4-case run
   * with two workers against one (a thread loading the harness, a relay process loading the
   * handler and its libraries, code that V8 compiles again in each).
   */
  startCpuMs: number;
  /**
   * The best speed-up the idle cores allow: the one-worker run's wall time over the CPU time of the
   * two-worker run spread evenly on both. An upper bound, not a measurement. A one-worker run
   * already keeps more than one core partly busy (its handler's process, V8's garbage collector and
   * compiler threads), so its CPU time exceeds its wall time; the second worker adds its start.
   */
  idleBound: number;
  /** The reports (durations aside) were the same for every worker count. */
  identical: boolean;
}

/** A CLI-like run of an example with `workers` harnesses (worker threads load the config file as the CLI's do). */
async function timedRun(example: string, seed: number, runs: number, workers: number): Promise<{ ms: number; cpuMs: number; handlerMs: number | undefined; mainMs: number | undefined; report: Report }> {
  const cwd = join(examples, example);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  const children = childrenCpuMs();
  const load = { cwd };
  const [plan] = await loadFunctions(load);
  const cli = { seed, runs, workers };
  const settings = resolveRunSettings({ loaded: plan!.loaded, cli, cwd });
  const report = await checkConsumerWithSettings(settings, { recipe: { kind: 'load', load, cli, function: 0 } });
  const used = process.cpuUsage(cpu);
  const mainNow = mainThreadCpuMs();
  const childrenNow = childrenCpuMs();
  const handlerMs = children === undefined || childrenNow === undefined ? undefined : childrenNow - children;
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 + (handlerMs ?? 0), handlerMs, mainMs: main === undefined || mainNow === undefined ? undefined : mainNow - main, report };
}

/** Fields of a /proc stat line after the command name (which may hold spaces), in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
function statFields(path: string): number[] | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  } catch {
    return undefined;
  }
}

/** CPU time of this thread so far (utime and stime of /proc/thread-self/stat), ms. */
function mainThreadCpuMs(): number | undefined {
  const fields = statFields('/proc/thread-self/stat');
  return fields && (fields[11]! + fields[12]!) * 10;
}

/** CPU time of the child processes that ended and were waited for (cutime and cstime of /proc/self/stat): the relay processes, ms. */
function childrenCpuMs(): number | undefined {
  const fields = statFields('/proc/self/stat');
  return fields && (fields[13]! + fields[14]!) * 10;
}

/** What a report says, without the times it took (which depend on the machine and the worker count). */
const timeKeys = new Set(['durationMs', 'explorationMs', 'ms']);
export const timeless = (report: Report) => JSON.stringify(report, (key, value: unknown) => (timeKeys.has(key) ? undefined : value));

/** `--workers 2` against `--workers 1` on the same seeds; the target on a 2-core machine is 1.7x. */
export async function measureWorkersSpeedup(example: string, seed: number, runs = 100): Promise<SpeedupFigures> {
  // warms the module caches, so neither side pays for them; then what a second worker costs to start
  await timedRun(example, seed, 4, 2);
  const small = [await timedRun(example, seed, 4, 1), await timedRun(example, seed, 4, 2)] as const;
  const one = await timedRun(example, seed, runs, 1);
  const two = await timedRun(example, seed, runs, 2);
  return {
    example, seed, runs, wallMs: { 1: one.ms, 2: two.ms }, speedup: one.ms / two.ms, cpuMs: { 1: one.cpuMs, 2: two.cpuMs },
    handlerCpuMs: { 1: one.handlerMs, 2: two.handlerMs }, mainThreadCpuMs: { 1: one.mainMs, 2: two.mainMs },
    startCpuMs: small[1].cpuMs - small[0].cpuMs,
    idleBound: (Math.min(one.ms, one.cpuMs) * Math.min(2, availableParallelism())) / two.cpuMs,
    identical: timeless(one.report) === timeless(two.report),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { example: { type: 'string', default: 'orders-projection' }, seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '100' } } });
  console.log(formatMachineCeiling(await measureMachineCeiling()));
  const s = await measureWorkersSpeedup(values.example, Number(values.seed), Number(values.runs));
  console.log(formatSpeedup(s));
}

export function formatSpeedup(s: SpeedupFigures): string {
  const seconds = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`);
  return [
    `${s.example} (seed ${s.seed}, ${s.runs} runs): ${seconds(s.wallMs[1])} → ${seconds(s.wallMs[2])}, ${s.speedup.toFixed(2)}x (${s.speedup >= 1.7 ? 'met' : 'NOT met'}); reports ${s.identical ? 'identical' : 'DIFFERENT'}`,
    `  CPU time ${seconds(s.cpuMs[1])} → ${seconds(s.cpuMs[2])} (main thread ${seconds(s.mainThreadCpuMs[1])} → ${seconds(s.mainThreadCpuMs[2])}, handlers' processes ${seconds(s.handlerCpuMs[1])} → ${seconds(s.handlerCpuMs[2])}); a second worker costs ${seconds(s.startCpuMs)} of CPU to start`,
    `  on idle cores at most ${s.idleBound.toFixed(2)}x: the one-worker run's wall time over the two-worker run's CPU time spread on ${Math.min(2, availableParallelism())} cores (load average now ${loadavg()[0]!.toFixed(1)})`,
  ].join('\n');
}
