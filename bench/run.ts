import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureDefaultRun } from './default-run.js';
import { measureDownstream } from './downstream.js';
import { formatVerdicts, selfValidate, zooSeeds } from './self-validate.js';
import { measureHarness } from './harness-throughput.js';
import { measureWorkersSpeedup } from './workers-speedup.js';
import { measureModelThroughput, type ThroughputResult } from './model-throughput.js';

/**
 * `npm run bench`: speed targets live here, never in timed tests (the machines are shared and noisy).
 * Prints ratios and throughput; writes the figures to bench/results/latest.json.
 */
async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  console.log('Model throughput (no-op handler, BatchSize 100, one shard)');
  const sizes = [10_000, 100_000, 1_000_000];
  const cold: ThroughputResult[] = [];
  const warm: ThroughputResult[] = [];
  for (const size of sizes) {
    const [first, again] = await measureModelThroughput(size);
    cold.push(first);
    warm.push(again);
    console.log(
      `  ${size.toLocaleString('en-US').padStart(9)} records: ${rate(first)} first run, ${rate(again)} again on the same records`,
    );
  }
  const ratio = (r: ThroughputResult[], i: number) => (r[i]!.seconds / r[i - 1]!.seconds).toFixed(1);
  console.log(`  cost ratio per 10x records (first runs): ${ratio(cold, 1)}x, ${ratio(cold, 2)}x (linear is 10x)`);
  console.log(`  cost ratio per 10x records (again): ${ratio(warm, 1)}x, ${ratio(warm, 2)}x`);
  const best = (r: ThroughputResult[]) => Math.round(Math.max(...r.map((x) => x.recordsPerSecond)));
  const verdict = (n: number) => `${n >= 1e6 ? 'met' : 'NOT met'} (${n.toLocaleString('en-US')}/s best)`;
  console.log(`  target 1,000,000 records/s: ${verdict(best(warm))} on repeated runs; ${verdict(best(cold))} on first runs,`);
  console.log('    which serialize every record once to enforce the 6 MB payload limit');
  results.model = { cold, warm };

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

  console.log('\nEvery core: --workers 2 against --workers 1 on the same seeds (target 1.7x on 2 cores)');
  const speedups = [];
  for (const [example, seed] of [['orders-projection', 1], ['kinesis-audit', 2]] as const) {
    const s = await measureWorkersSpeedup(example, seed);
    speedups.push(s);
    console.log(`  ${example} (seed ${seed}, ${s.runs} runs): ${(s.wallMs[1]! / 1000).toFixed(1)} s → ${(s.wallMs[2]! / 1000).toFixed(1)} s, ${s.speedup.toFixed(2)}x (${s.speedup >= 1.7 ? 'met' : 'NOT met'}); reports ${s.identical ? 'identical' : 'DIFFERENT'}`);
    console.log(`    CPU time ${(s.cpuMs[1]! / 1000).toFixed(1)} s → ${(s.cpuMs[2]! / 1000).toFixed(1)} s: on two idle cores at most ${s.idleBound.toFixed(2)}x (load average now ${loadavg()[0]!.toFixed(1)})`);
  }
  console.log('    (each failing rule shrinks on one worker, different rules at once; a second harness costs about 0.7 s of CPU to start)');
  results.workers = speedups;

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
  return `${Math.round(r.recordsPerSecond).toLocaleString('en-US').padStart(10)} records/s (${r.seconds.toFixed(3)} s)`;
}

await main();
