import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkConsumer } from '../src/run/check.js';
import type { ConformanceConfig } from '../src/config/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const keySchema = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }] };

export interface HostileFigures {
  handler: string;
  wallMs: number;
  ok: boolean;
  /** valid-record-robustness's message: the named cause. */
  cause: string;
  warnings: string[];
}

/** The hostile handlers of issue 18, each given a default run (100 cases) with retries and bisection, as a user's config would. */
export const hostileCases: { handler: string; memorySize?: number }[] = [
  { handler: 'never-settles.mjs' },
  { handler: 'sync-loop.mjs' },
  { handler: 'exit.mjs' },
  { handler: 'rejection-after-success.mjs' },
  { handler: 'memory-hog.mjs', memorySize: 1024 },
  { handler: 'huge-buffer.mjs', memorySize: 1024 },
];

function config(handler: string, memorySize = 1024): ConformanceConfig {
  return {
    handler: join(root, 'test', 'fixtures', 'hostile', handler),
    source: 'dynamodb',
    table: { TableName: 'orders', ...keySchema },
    mapping: { BatchSize: 10, MaximumRetryAttempts: 2, BisectBatchOnFunctionError: true },
    downstream: { dynamodb: { tables: [{ TableName: 'replica', ...keySchema, BillingMode: 'PAY_PER_REQUEST' }] } },
    function: { Timeout: 3, MemorySize: memorySize },
  };
}

/** A default run of one hostile handler: wall time (target under 30 s), verdict and named cause. */
export async function measureHostile(handler: string, memorySize?: number, seed = 1): Promise<HostileFigures> {
  const started = performance.now();
  const report = await checkConsumer(config(handler, memorySize), { cwd: root, seed });
  const robustness = report.rules.find((r) => r.id === 'valid-record-robustness');
  return { handler, wallMs: performance.now() - started, ok: report.ok, cause: robustness?.message ?? '', warnings: report.warnings };
}

export async function measureHostileCases(print: (line: string) => void): Promise<HostileFigures[]> {
  const figures: HostileFigures[] = [];
  const only = process.env.BENCH_HOSTILE; // e.g. BENCH_HOSTILE=sync-loop: that case alone
  for (const { handler, memorySize } of hostileCases.filter((c) => only === undefined || c.handler.startsWith(only))) {
    const f = await measureHostile(handler, memorySize);
    figures.push(f);
    print(`  ${handler.padEnd(28)} ${(f.wallMs / 1000).toFixed(1).padStart(5)} s (target under 30 s: ${f.wallMs < 30_000 ? 'met' : 'NOT met'}), ${f.ok ? 'passed' : 'failed'}: ${process.env.BENCH_HOSTILE ? f.cause : f.cause.slice(0, 140)}`);
  }
  return figures;
}

// `node dist/bench/hostile.js`: this section alone
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await measureHostileCases((line) => console.log(line));
}
