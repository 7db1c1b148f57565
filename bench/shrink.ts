import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkConsumerWithSettings } from '../src/run/check.js';
import { loadConfig } from '../src/config/load.js';
import { resolveRunSettings } from '../src/config/settings.js';
import { faultLine } from '../reports/format.js';
import type { Counterexample, CounterexampleFault, RuleReport } from '../reports/report.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

/** The README's buggy example: a Promise.all projection, whose failures come from the adversarial completion order. */
export const shrinkExample = 'orders-projection-unordered';

export interface ShrinkSeed {
  seed: number;
  wallMs: number;
  /** CPU time of the whole process (every thread), ms: on a shared machine, the figure the load does not inflate. */
  cpuMs: number;
  /** The failing rules that carry their own counterexample (not "same cause as"). */
  rules: string[];
  /** Records and faults of each of those counterexamples. */
  perRule: Record<string, { records: number; faults: number }>;
  /** The most records of any of those counterexamples. */
  records: number;
  /** The most faults of any of those counterexamples. */
  faults: number;
  /** Faults of a counterexample with no trace of having acted on its run (should be none). */
  unfired: string[];
}

export interface ShrinkFigures {
  example: string;
  runs: number;
  seeds: ShrinkSeed[];
  medianWallMs: number;
  worstWallMs: number;
  medianCpuMs: number;
  worstCpuMs: number;
  maxRecords: number;
  /** The most records per rule, over the seeds. */
  maxRecordsByRule: Record<string, number>;
  allFaultsFired: boolean;
}

/** A default check (`runs` cases, every rule) of an example per seed, one after the other, in this process. */
export async function measureShrink(seeds: number[], runs = 100, example = shrinkExample, onSeed?: (s: ShrinkSeed) => void): Promise<ShrinkFigures> {
  const cwd = join(examples, example);
  const loaded = await loadConfig({ cwd });
  const figures: ShrinkSeed[] = [];
  for (const seed of seeds) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await checkConsumerWithSettings(resolveRunSettings({ loaded, cli: { seed, runs }, cwd }));
    const used = process.cpuUsage(cpu);
    const own = report.rules.filter((r): r is RuleReport & { counterexample: Counterexample } => r.status === 'fail' && r.counterexample !== undefined && r.sameCauseAs === undefined);
    const figure: ShrinkSeed = {
      seed,
      wallMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
      rules: own.map((r) => r.id),
      perRule: Object.fromEntries(own.map((r) => [r.id, { records: r.counterexample.records.length, faults: r.counterexample.faults.length }])),
      records: Math.max(0, ...own.map((r) => r.counterexample.records.length)),
      faults: Math.max(0, ...own.map((r) => r.counterexample.faults.length)),
      unfired: own.flatMap((r) => unfiredFaults(r.counterexample)),
    };
    figures.push(figure);
    onSeed?.(figure);
  }
  const wall = figures.map((f) => f.wallMs);
  const cpu = figures.map((f) => f.cpuMs);
  return {
    example, runs, seeds: figures,
    medianWallMs: median(wall), worstWallMs: Math.max(...wall), medianCpuMs: median(cpu), worstCpuMs: Math.max(...cpu),
    maxRecords: Math.max(...figures.map((f) => f.records)),
    maxRecordsByRule: maxByRule(figures),
    allFaultsFired: figures.every((f) => f.unfired.length === 0),
  };
}

/**
 * The faults of a counterexample that left no mark on its run, judged from the report alone: a
 * failing call must show as injected in the call list, an invocation fault needs that invocation,
 * the adversarial completion order needs an invocation with two calls or more (else there was
 * nothing to reorder), a producer retry is always in the stream.
 */
export function unfiredFaults(c: Counterexample): string[] {
  const calls = c.calls ?? [];
  const perInvocation = new Map<number, number>();
  for (const call of calls) perInvocation.set(call.invocation, (perInvocation.get(call.invocation) ?? 0) + 1);
  const fired = (fault: CounterexampleFault): boolean => {
    switch (fault.kind) {
      case 'call-error':
      case 'partial-batch':
        return calls.some((call) => call.call === fault.call && call.fault !== undefined);
      case 'poison-key':
        return calls.some((call) => call.fault !== undefined);
      case 'timeout-after-calls':
      case 'cold-start':
      case 'duplicate-delivery':
        return c.trace.invocations.length >= fault.invocation; // numbered from 1
      case 'reorder':
        return [...perInvocation.values()].some((n) => n >= 2);
      case 'producer-retry':
        return true;
    }
  };
  return c.faults.filter((fault) => !fired(fault)).map(faultLine);
}

function maxByRule(figures: ShrinkSeed[]): Record<string, number> {
  const max: Record<string, number> = {};
  for (const f of figures) for (const [rule, { records }] of Object.entries(f.perRule)) max[rule] = Math.max(max[rule] ?? 0, records);
  return max;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatShrinkSeed(s: ShrinkSeed): string {
  const rules = Object.entries(s.perRule).map(([rule, c]) => `${rule}: ${c.records} records, ${c.faults} fault(s)`).join('; ');
  return `seed ${String(s.seed).padStart(4)}: ${(s.wallMs / 1000).toFixed(1)} s wall, ${(s.cpuMs / 1000).toFixed(1)} s CPU; ${rules}${s.unfired.length > 0 ? ` (${s.unfired.length} fault(s) never fired)` : ''}`;
}

export function formatShrinkFigures(f: ShrinkFigures): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const met = f.worstCpuMs < 10_000 && f.maxRecords <= 3 && f.allFaultsFired;
  return [
    `${f.example}, ${f.runs} runs, ${f.seeds.length} seeds: wall time median ${s(f.medianWallMs)}, worst ${s(f.worstWallMs)}; CPU time median ${s(f.medianCpuMs)}, worst ${s(f.worstCpuMs)}`,
    `at most ${f.maxRecords} records (${Object.entries(f.maxRecordsByRule).map(([rule, n]) => `${rule} ${n}`).join(', ')}); ${f.allFaultsFired ? 'every fault fired' : 'SOME FAULTS NEVER FIRED'} (target: under 10 s of CPU time, at most 3 records, only faults that fired: ${met ? 'met' : 'NOT met'})`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const from = Number(process.argv[2] ?? 1000);
  const count = Number(process.argv[3] ?? 20);
  const seeds = Array.from({ length: count }, (_, i) => from + i);
  const figures = await measureShrink(seeds, 100, shrinkExample, (seed) => console.log(formatShrinkSeed(seed)));
  console.log(formatShrinkFigures(figures));
}
