import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureDefaultRun } from './default-run.js';
import { measureDownstream } from './downstream.js';
import { formatVerdicts, selfValidate, zooSeeds } from './self-validate.js';
import { measureHarness } from './harness-throughput.js';
import { formatSpeedup, measureWorkersSpeedup } from './workers-speedup.js';
import { formatMachineCeiling, measureMachineCeiling } from './machine-ceiling.js';
import { measureHostileCases } from './hostile.js';
import { formatShrinkFigures, formatShrinkSeed, measureShrink, shrinkExample } from './shrink.js';
import { measureModelThroughput, type ThroughputResult } from './model-throughput.js';
import { formatZooTimings, timeZoo } from './zoo-timing.js';

/**
 * `npm run bench`: speed targets live here, never in timed tests (the machines are shared and noisy).
 * Prints ratios and throughput; writes the figures to bench/results/latest.json.
 */
async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  console.log('Model throughput, first simulation of fresh records (no-op handler, BatchSize 100, one shard; best of 3)');
  const sizes = [10_000, 100_000, 1_000_000];
  const first: ThroughputResult[] = [];
  for (const size of sizes) {
    const r = await measureModelThroughput(size);
    first.push(r);
    console.log(`  ${size.toLocaleString('en-US').padStart(9)} records: ${rate(r)}`);
  }
  const perRecord = (r: ThroughputResult) => r.seconds / r.records;
  const ratio = perRecord(first[2]!) / perRecord(first[1]!);
  console.log(`  per-record cost, 10^6 against 10^5: ${ratio.toFixed(2)}x (target ≤ 1.2: ${ratio <= 1.2 ? 'met' : 'NOT met'}); 10^5 against 10^4: ${(perRecord(first[1]!) / perRecord(first[0]!)).toFixed(2)}x`);
  const best = Math.round(Math.min(...first.slice(1).map((r) => r.recordsPerSecond)));
  console.log(`  target 1,000,000 records/s from 10^5 to 10^6 on a first run: ${best >= 1e6 ? 'met' : 'NOT met'} (${best.toLocaleString('en-US')}/s at worst)`);
  results.model = { first, perRecordCostRatio: ratio };

  console.log('\nDownstream (embedded DynamoDB)');
  const harness = await measureHarness();
  console.log(`  PutItem through the harness (handler in its worker → SDK interception → embedded DynamoDB): ${Math.round(harness.putItemPerSecond).toLocaleString('en-US')}/s (target 2,000/s: ${harness.putItemPerSecond >= 2000 ? 'met' : 'NOT met'})`);
  console.log(`  a run with 10 injected throttles: ${harness.tenThrottlesRunMs.toFixed(0)} ms (SDK back-off costs no real time; target well under 1,000 ms)`);
  console.log(`  new execution environment (worker start + handler import): ${harness.coldStartMs.toFixed(0)} ms; a one-record run from fresh module state: ${harness.smallRunMs.toFixed(1)} ms`);
  const gateway = await measureDownstream();
  console.log(`  gateway alone: PutItem ${Math.round(gateway.putItemPerSecond).toLocaleString('en-US')}/s, GetItem ${Math.round(gateway.getItemPerSecond).toLocaleString('en-US')}/s, TransactWriteItems ${Math.round(gateway.transactWriteItemsPerSecond).toLocaleString('en-US')}/s, reset ${gateway.resetMedianMs.toFixed(2)} ms median`);
  results.downstream = { harness, gateway };

  console.log('\nDefault run (100 cases per rule) on the bundled example consumer');
  const run = await measureDefaultRun();
  console.log(`  ${run.example}: ${(run.wallMs / 1000).toFixed(1)} s wall time (target under 10 s: ${run.wallMs < 10_000 ? 'met' : 'NOT met'}), ${run.ok ? 'all rules passed' : 'a rule failed'}`);
  for (const rule of run.rules) console.log(`    ${rule.id.padEnd(26)} ${rule.status.padEnd(5)} ${(rule.durationMs / 1000).toFixed(1)} s`);
  console.log('    (the 100 cases are shared by the rules: each is charged the shared exploration plus its own shrinking)');
  results.defaultRun = run;

  console.log(`\nShrinking: the README's buggy example (${shrinkExample}), a default run (100 cases) per seed, seeds 1000 to 1019`);
  const shrink = await measureShrink(Array.from({ length: 20 }, (_, i) => 1000 + i), 100, shrinkExample, (seed) => console.log(`    ${formatShrinkSeed(seed)}`));
  console.log(formatShrinkFigures(shrink).split('\n').map((l) => `  ${l}`).join('\n'));
  console.log('    (CPU time counts every thread of the process; on a shared machine the wall time also waits for other processes)');
  results.shrink = shrink;

  console.log('\nEvery example of the zoo, one default run (100 cases, seed 1000): under its own mapping, and under AWS default retry settings');
  console.log('(MaximumRetryAttempts -1, MaximumRecordAgeInSeconds -1, no destination, no bisection, 24 h retention: what most consumers deploy)');
  const timings = await timeZoo();
  console.log(formatZooTimings(timings).split('\n').map((l) => `  ${l}`).join('\n'));
  results.zooTimings = timings;

  console.log('\nEvery core: --workers 2 against --workers 1 on the same seeds (target 1.7x on 2 cores)');
  const machine = await measureMachineCeiling();
  console.log(formatMachineCeiling(machine).split('\n').map((l) => `  ${l}`).join('\n'));
  results.machine = machine;
  const speedups = [];
  for (const [example, seed] of [['orders-projection', 1], ['kinesis-audit', 2]] as const) {
    const s = await measureWorkersSpeedup(example, seed);
    speedups.push(s);
    console.log(formatSpeedup(s).split('\n').map((l) => `  ${l}`).join('\n'));
  }
  console.log('    (each failing rule shrinks on one worker, different rules at once; one worker already keeps more than one core partly busy:');
  console.log('    its handler runs in its own process, beside V8\'s garbage collector and compiler threads)');
  results.workers = speedups;
  console.log('\nHostile handlers: a default run (100 cases, MaximumRetryAttempts 2, bisection, Timeout 3 s) each');
  results.hostile = await measureHostileCases((line) => console.log(line));

  const seeds = Number(process.env.BENCH_SEEDS ?? 20);
  console.log(`\nThe zoo, ${seeds} seeds each (BENCH_SEEDS to change): verdicts against examples/manifest.json`);
  const verdicts = await selfValidate(zooSeeds(seeds));
  console.log(formatVerdicts(verdicts).split('\n').map((l) => `  ${l}`).join('\n'));
  results.zoo = verdicts;
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nFigures written to ${out}`);
}

function rate(r: ThroughputResult): string {
  return `${Math.round(r.recordsPerSecond).toLocaleString('en-US').padStart(10)} records/s (${r.seconds.toFixed(3)} s wall; ${Math.round(r.recordsPerCpuSecond).toLocaleString('en-US')} records per CPU second)`;
}

await main();
