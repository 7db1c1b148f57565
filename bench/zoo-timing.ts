import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkConsumerWithSettings } from '../src/run/check.js';
import { loadConfig } from '../src/config/load.js';
import { resolveRunSettings } from '../src/config/settings.js';
import type { MappingInput } from '../src/model/mapping.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

export interface ZooTiming {
  example: string;
  /** 'own': the example's mapping; 'aws-defaults': the same consumer as most are deployed (unlimited retries, no destination, no bisection, 24 h). */
  mapping: 'own' | 'aws-defaults';
  wallMs: number;
  /** CPU time of the process (main thread and handler workers), ms: on a shared machine the wall time also counts waiting for a core. */
  cpuMs: number;
  /** Generated cases explored out of those asked for: fewer means the time budget cut the run. */
  runs: number;
  requested: number;
  timeBudgetSeconds: number;
  failed: string[];
}

/**
 * What users deploy when they leave the retry settings alone: MaximumRetryAttempts and
 * MaximumRecordAgeInSeconds -1, no OnFailure destination, no bisection (the stream keeps its 24 h
 * retention). What the handler's code depends on stays: batch size, starting position, the
 * response type, filters and windows.
 */
export function awsDefaultMapping(mapping: MappingInput | undefined): MappingInput {
  const { MaximumRetryAttempts: _r, MaximumRecordAgeInSeconds: _a, DestinationConfig: _d, BisectBatchOnFunctionError: _b, ...kept } = mapping ?? {};
  return { ...kept, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1, BisectBatchOnFunctionError: false };
}

/** The zoo's examples, in manifest order. */
export function zooExamples(): string[] {
  const manifest = JSON.parse(readFileSync(join(examples, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  return Object.keys(manifest).filter((name) => !name.startsWith('$'));
}

/** One default run (100 cases, the default time budget) of an example, under its own mapping or AWS defaults. */
export async function timeExample(example: string, mapping: ZooTiming['mapping'], seed = 1000): Promise<ZooTiming> {
  const cwd = join(examples, example);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const loaded = await loadConfig({ cwd });
  if (mapping === 'aws-defaults') loaded.config = { ...loaded.config, mapping: awsDefaultMapping(loaded.config.mapping) };
  const settings = resolveRunSettings({ loaded, cli: { seed }, cwd });
  const report = await checkConsumerWithSettings(settings);
  const used = process.cpuUsage(cpu);
  const runs = Math.max(0, ...report.rules.filter((r) => r.status !== 'skip').map((r) => r.runs));
  return {
    example, mapping, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, runs: Math.min(runs, settings.runs), requested: settings.runs,
    timeBudgetSeconds: settings.timeBudgetSeconds, failed: report.rules.filter((r) => r.status === 'fail').map((r) => r.id),
  };
}

export function formatZooTimings(timings: ZooTiming[]): string {
  const lines = [`${'example'.padEnd(30)}${'mapping'.padEnd(14)}${'wall'.padStart(8)}${'cpu'.padStart(8)}  ${'cases'.padEnd(9)}failed rules`];
  for (const t of timings) {
    const cut = t.runs < t.requested ? ` ✗ cut by the ${t.timeBudgetSeconds} s budget` : '';
    lines.push(`${t.example.padEnd(30)}${t.mapping.padEnd(14)}${`${(t.wallMs / 1000).toFixed(1)} s`.padStart(8)}${`${(t.cpuMs / 1000).toFixed(1)} s`.padStart(8)}  ${`${t.runs}/${t.requested}`.padEnd(9)}${t.failed.join(', ') || '—'}${t.wallMs >= 10_000 ? ' (over 10 s)' : ''}${cut}`);
  }
  const slow = timings.filter((t) => t.wallMs >= 10_000).length;
  const cut = timings.filter((t) => t.runs < t.requested).length;
  const worst = timings.reduce((a, b) => (b.wallMs > a.wallMs ? b : a), timings[0]!);
  lines.push(`target every run under 10 s: ${slow === 0 ? 'met' : `NOT met (${slow} over)`}; none cut by the time budget: ${cut === 0 ? 'met' : `NOT met (${cut} cut)`}; slowest ${worst.example} (${worst.mapping}) ${(worst.wallMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

export async function timeZoo(only?: string[], mappings: ZooTiming['mapping'][] = ['own', 'aws-defaults']): Promise<ZooTiming[]> {
  const timings: ZooTiming[] = [];
  for (const example of zooExamples().filter((e) => !only || only.includes(e))) {
    for (const mapping of mappings) timings.push(await timeExample(example, mapping));
  }
  return timings;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { example: { type: 'string', multiple: true }, mapping: { type: 'string', multiple: true } } });
  const timings = await timeZoo(values.example, (values.mapping as ZooTiming['mapping'][] | undefined) ?? ['own', 'aws-defaults']);
  console.log(formatZooTimings(timings));
}
