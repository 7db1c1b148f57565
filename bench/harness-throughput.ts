import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Harness } from '../src/harness/index.js';
import { syntheticShard } from './model-throughput.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HarnessFigures {
  /** PutItem calls per second from a real handler in its worker, through SDK interception, to the embedded DynamoDB. */
  putItemPerSecond: number;
  /** Wall time of a run in which 10 throttles are injected (SDK retry back-off must cost nothing), ms. */
  tenThrottlesRunMs: number;
  /** Wall time to start a fresh execution environment (worker + handler import), ms. */
  coldStartMs: number;
  /** Wall time of a one-record run, which starts from fresh module state in the warm worker, ms. */
  smallRunMs: number;
}

export async function measureHarness(records = 5000): Promise<HarnessFigures> {
  const started = performance.now();
  const harness = await Harness.start({
    handler: 'bench/fixtures/put-many.mjs',
    cwd: root,
    tables: [{ TableName: 'bench-sink', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }],
  });
  const coldStartMs = performance.now() - started;
  try {
    const shard = syntheticShard(records);
    await harness.run({ shards: [syntheticShard(2000)] }); // warm up (JIT of the SDK's and our code): the figure is for a warm harness
    const t0 = performance.now();
    const run = await harness.run({ shards: [shard] });
    const seconds = (performance.now() - t0) / 1000;
    if (run.calls.length !== records) throw new Error(`expected ${records} PutItem calls, saw ${run.calls.length}`);
    const small = syntheticShard(10);
    const t1 = performance.now();
    const throttled = await harness.run({
      shards: [small],
      faults: { calls: Array.from({ length: 10 }, (_, call) => ({ kind: 'error' as const, call, error: 'throttling' as const, attempts: 1 })), invocations: [], reorder: false, seed: 0 },
    });
    const tenThrottlesRunMs = performance.now() - t1;
    if (throttled.calls.filter((c) => c.outcome === 'error').length !== 10) throw new Error('expected 10 throttled attempts');
    const runs = 20;
    const t2 = performance.now();
    for (let i = 0; i < runs; i++) await harness.run({ shards: [syntheticShard(1)] });
    const smallRunMs = (performance.now() - t2) / runs;
    return { putItemPerSecond: records / seconds, tenThrottlesRunMs, coldStartMs, smallRunMs };
  } finally {
    await harness.close();
  }
}
