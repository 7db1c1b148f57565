import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkConsumerWithSettings } from '../src/run/check.js';
import { loadConfig } from '../src/config/load.js';
import { resolveRunSettings } from '../src/config/settings.js';
import type { Report } from '../reports/report.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

interface Expectation {
  fails: string[];
  mayFail: string[];
  /** Rules that must end as a warning on every seed (a finding whose rule is a warning by default). */
  warns?: string[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
};

export interface ExampleVerdict {
  example: string;
  expected: string;
  agreeing: number;
  seeds: number;
  disagreements: string[];
  /** Wall time of one default run of the example (median over seeds), ms. */
  wallMs: number;
  /** For the rules the example must fail, per seed: the case that first broke it, the time to it, and the shrunk counterexample's size. */
  findings: { rule: string; run: number; ms: number; records: number; faults: number }[];
  /** Failures of a rule judged once (the warm environment run, the mapping): no case, no counterexample. */
  judgedOnce: number;
}

/** The seeds the zoo is checked with, here, in CI and in `npm run bench`: 1000, 1001, … */
export function zooSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 1000 + i);
}

export interface SelfValidateOptions {
  runs?: number;
  only?: string[] | undefined;
  shard?: { index: number; count: number };
  /**
   * Also check each example and seed with fast-forward off (every identical retry run) and
   * compare: the verdicts and counterexamples must be the same, or the seed disagrees.
   */
  compareFastForward?: boolean;
}

/** One default run of an example, as the zoo check makes it. */
async function checkExample(example: string, seed: number, runs: number, fastForward = true): Promise<Report> {
  const cwd = join(examples, example);
  const settings = resolveRunSettings({ loaded: await loadConfig({ cwd }), cli: { seed, runs }, cwd });
  return checkConsumerWithSettings(fastForward ? settings : { ...settings, fastForward: false });
}

/** Lambda's invocations in a trace, those the model fast-forwarded included. */
function attempts(trace: { invocations: unknown[]; events: { type: string; count?: number }[] }): number {
  return trace.invocations.length + trace.events.reduce((sum, e) => sum + (e.type === 'skipped' ? e.count ?? 0 : 0), 0);
}

/**
 * What must not depend on fast-forward, per rule: the verdict, its message, where it first failed,
 * and the counterexample (records, faults, differences, replay token, outcome in the trace). The
 * trace's shape may differ (skipped attempts are one event instead of invocations), not its count.
 */
function verdictOf(report: Report): unknown {
  return report.rules.map((r) => {
    const c = r.counterexample;
    return {
      id: r.id, status: r.status, message: r.message, firstFailure: r.firstFailure?.run,
      ...(c && {
        records: c.records, faults: c.faults, differences: c.differences, replay: c.replay, attempts: attempts(c.trace),
        destinations: c.trace.destinations.length, checkpoints: c.trace.checkpoints, discards: c.trace.discards,
      }),
    };
  });
}

/** The rules whose verdict or counterexample changed when fast-forward was turned off, with what changed. */
export function fastForwardDifferences(on: Report, off: Report): string[] {
  const a = verdictOf(on) as Record<string, unknown>[];
  const b = verdictOf(off) as Record<string, unknown>[];
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const fields = Object.keys({ ...a[i], ...b[i] }).filter((k) => JSON.stringify(a[i]?.[k]) !== JSON.stringify(b[i]?.[k]));
    if (fields.length > 0) out.push(`${String(a[i]?.id ?? b[i]?.id)} (${fields.join(', ')})`);
  }
  return out;
}

/**
 * Runs every example of the zoo for several seeds and compares each verdict with the manifest:
 * a buggy example must fail its rule(s) on every seed, a correct one must pass on every seed.
 */
export async function selfValidate(seeds: number[], options: SelfValidateOptions = {}): Promise<ExampleVerdict[]> {
  const { runs = 100, only, shard = { index: 0, count: 1 } } = options;
  const manifest = JSON.parse(readFileSync(join(examples, 'manifest.json'), 'utf8')) as Record<string, Expectation>;
  const verdicts: ExampleVerdict[] = [];
  const entries = Object.entries(manifest).filter(([example]) => !example.startsWith('$') && (!only || only.includes(example)));
  for (const [example, expected] of entries.filter((_, i) => i % shard.count === shard.index)) {
    const disagreements: string[] = [];
    const findings: ExampleVerdict['findings'] = [];
    let judgedOnce = 0;
    const walls: number[] = [];
    for (const seed of seeds) {
      const started = performance.now();
      const report = await checkExample(example, seed, runs);
      walls.push(performance.now() - started);
      if (options.compareFastForward) {
        const changed = fastForwardDifferences(report, await checkExample(example, seed, runs, false));
        if (changed.length > 0) disagreements.push(`seed ${seed}: fast-forward off changed ${changed.join('; ')}`);
      }
      const failed: string[] = report.rules.filter((r) => r.status === 'fail').map((r) => r.id);
      for (const rule of report.rules.filter((r) => expected.fails.includes(r.id) && r.status === 'fail')) {
        if (rule.firstFailure === undefined) judgedOnce++;
        else findings.push({ rule: rule.id, run: rule.firstFailure.run, ms: rule.firstFailure.ms, records: rule.counterexample?.records.length ?? 0, faults: rule.counterexample?.faults.length ?? 0 });
      }
      // a failure must say what goes wrong in production and how to fix it, and a counterexample how to replay it
      for (const rule of report.rules.filter((r) => r.status === 'fail')) {
        const lacking = [!rule.production && 'production sentence', !rule.fix && 'fix', rule.counterexample !== undefined && !rule.counterexample.replay && 'replay token'].filter(Boolean);
        if (lacking.length > 0) disagreements.push(`seed ${seed}: ${rule.id} failed without a ${lacking.join(', ')}`);
      }
      const warned: string[] = report.rules.filter((r) => r.status === 'warn').map((r) => r.id);
      const missing = [...expected.fails.filter((rule) => !failed.includes(rule)), ...(expected.warns ?? []).filter((rule) => !warned.includes(rule)).map((rule) => `${rule} (warning)`)];
      // a rule may also fail when it says the cause is one the example must fail
      const sameCause = (id: string) => expected.fails.includes(report.rules.find((r) => r.id === id)?.sameCauseAs ?? '');
      const unexpected = failed.filter((rule) => !expected.fails.includes(rule) && !expected.mayFail.includes(rule) && !sameCause(rule));
      if (missing.length > 0 || unexpected.length > 0) {
        disagreements.push(`seed ${seed}: ${[...missing.map((r) => (r.endsWith(' (warning)') ? `did not warn ${r.slice(0, -10)}` : `did not fail ${r}`)), ...unexpected.map((r) => `failed ${r}`)].join(', ')}`);
      }
    }
    verdicts.push({ example, expected: expected.fails.length === 0 ? 'pass' : `fail ${expected.fails.join(', ')}`, agreeing: seeds.length - disagreements.length, seeds: seeds.length, disagreements, wallMs: median(walls), findings, judgedOnce });
  }
  return verdicts;
}

export function formatVerdicts(verdicts: ExampleVerdict[]): string {
  // columns as wide as their longest entry, so a long expectation never runs into the next column
  const width = (values: string[]) => Math.max(...values.map((v) => v.length)) + 2;
  const exampleWidth = width(['example', ...verdicts.map((v) => v.example)]);
  const expectedWidth = width(['expected', ...verdicts.map((v) => v.expected)]);
  const lines = [`${'example'.padEnd(exampleWidth)}${'expected'.padEnd(expectedWidth)}${'seeds agreeing'.padEnd(16)}${'run time'.padEnd(10)}first failure (median run, time)   counterexample (median records, faults)`];
  for (const v of verdicts) {
    const f = v.findings;
    const cases = `run ${median(f.map((x) => x.run))}, ${(median(f.map((x) => x.ms)) / 1000).toFixed(1)} s`.padEnd(35) + `${median(f.map((x) => x.records))} records, ${median(f.map((x) => x.faults))} faults`;
    const figures = f.length === 0 ? (v.judgedOnce > 0 ? 'judged once: no case, no counterexample' : '') : `${cases}${v.judgedOnce > 0 ? `; ${v.judgedOnce} judged once` : ''}`;
    lines.push(`${v.example.padEnd(exampleWidth)}${v.expected.padEnd(expectedWidth)}${`${v.agreeing}/${v.seeds}${v.agreeing === v.seeds ? '' : ' ✗'}`.padEnd(16)}${`${(v.wallMs / 1000).toFixed(1)} s`.padEnd(10)}${figures}`);
    for (const d of v.disagreements) lines.push(`    ${d}`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '3' }, runs: { type: 'string', default: '100' }, example: { type: 'string', multiple: true }, shard: { type: 'string', default: '1/1' },
      // each example and seed is also run with every identical retry run, and must say the same
      'no-fast-forward': { type: 'boolean', default: false },
    },
  });
  const seeds = zooSeeds(Number(values.seeds));
  const [index, count] = values.shard.split('/').map(Number) as [number, number];
  const verdicts = await selfValidate(seeds, { runs: Number(values.runs), only: values.example, shard: { index: index - 1, count }, compareFastForward: values['no-fast-forward'] });
  console.log(formatVerdicts(verdicts));
  const agreeing = verdicts.filter((v) => v.agreeing === v.seeds).length;
  console.log(`${agreeing} passed, ${verdicts.length - agreeing} failed`);
  process.exitCode = verdicts.every((v) => v.agreeing === v.seeds) ? 0 : 1;
}
