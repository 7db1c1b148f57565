import { existsSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkConsumer } from '../../src/run/check.js';
import type { ConformanceConfig } from '../../src/config/types.js';
import { live } from '../../src/harness/live.js';
import { checkWithin } from '../../src/vitest.js';

const keySchema = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }] };

/** A consumer writing to `table`, with only that table declared. */
function writingTo(table: string, handler = 'test/fixtures/consumers/table-writer.mjs'): ConformanceConfig {
  return {
    handler,
    source: 'dynamodb',
    table: { TableName: 'orders', ...keySchema },
    mapping: { BatchSize: 10, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } },
    downstream: { dynamodb: { tables: [{ TableName: table, ...keySchema, BillingMode: 'PAY_PER_REQUEST' }] } },
    function: { Timeout: 1, Environment: { Variables: { TABLE: table } } },
  };
}

/**
 * What the process holds for checks: the harness's own counts, the OS threads (worker threads of
 * handlers and of the pool; Linux only) and the active handles and requests by kind (servers,
 * sockets, timers, message ports).
 */
function holdings() {
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  return { ...live, threads: existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0, resources };
}

/** A few turns of the event loop: work a finished check left behind would show in them. */
async function turns(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * The holdings at the start of a test, once vitest's own timer is gone: it sends task updates at
 * most every 100 ms, and the test's start armed it. A timer due later fires after it, however busy
 * the machine.
 */
async function settledHoldings() {
  await new Promise((resolve) => setTimeout(resolve, 150));
  await turns();
  return holdings();
}

describe('checks are isolated from each other', () => {
  // the first check of the process starts what the process keeps anyway (the libuv thread pool, the inspector
  // session): made once, so each test's holdings before and after compare only what its own checks add
  beforeAll(async () => {
    await checkConsumer(writingTo('audit'), { seed: 2, runs: 2 });
    await turns();
  }, 120_000);

  it('two checks in parallel with different table declarations each see only their own tables', async () => {
    // with one DynamoDB per process, each run re-declared its own tables and dropped the other check's:
    // "The handler called PutItem on table "audit", which is not declared"
    const [audit, ledger] = await Promise.all([checkConsumer(writingTo('audit'), { seed: 5, runs: 4 }), checkConsumer(writingTo('ledger'), { seed: 6, runs: 4 })]);
    for (const report of [audit, ledger]) {
      expect(report.rules.filter((r) => r.status === 'fail').map((r) => r.message)).toEqual([]);
      // the downstream state was seen and compared: the writes landed in the check's own table
      expect(report.rules.find((r) => r.id === 'idempotent-redelivery')?.status).toBe('pass');
    }
  });

  it('a check releases its workers and its embedded DynamoDB before it returns, whatever the outcome', async () => {
    const before = { ...live };
    await checkConsumer(writingTo('audit'), { seed: 1, runs: 2 });
    expect(live).toEqual(before);
    // a failing check (the handler hangs, so its environments are cut and renewed)
    const failing = await checkConsumer(writingTo('replica', 'test/fixtures/hostile/never-settles.mjs'), { seed: 1, runs: 2 });
    expect(failing.ok).toBe(false);
    expect(live).toEqual(before);
    // a check that ends with an error (a setup problem)
    await expect(checkConsumer(writingTo('replica', 'test/fixtures/hostile/undeclared-host.mjs'), { seed: 1, runs: 2 })).rejects.toThrow(/hooks\.example\.com is not declared/);
    expect(live).toEqual(before);
    // a handler that cannot be loaded
    await expect(checkConsumer(writingTo('audit', 'test/fixtures/hostile/missing.mjs'), { seed: 1, runs: 2 })).rejects.toThrow();
    expect(live).toEqual(before);
  });

  it('after a check returns, no thread, server, socket, timer or store of it remains, with or without pool threads', { timeout: 180_000 }, async () => {
    const before = await settledHoldings();
    await checkConsumer(writingTo('audit'), { seed: 2, runs: 4, workers: 2 });
    await turns();
    expect(holdings()).toEqual(before);
    const failing = await checkConsumer(writingTo('replica', 'test/fixtures/hostile/sync-loop.mjs'), { seed: 1, runs: 2, workers: 2 });
    expect(failing.ok).toBe(false);
    await turns();
    expect(holdings()).toEqual(before);
  });

  it('a check abandoned mid-run rejects with the reason only after it released everything, and does nothing more', { timeout: 120_000 }, async () => {
    const before = await settledHoldings();
    const controller = new AbortController();
    const reason = new Error('abandoned by the test');
    const check = checkConsumer(writingTo('audit'), {
      seed: 3, runs: 100, workers: 2, signal: controller.signal,
      // abandoned as soon as the first case is judged: its other harnesses are busy with theirs
      onProgress: () => controller.abort(reason),
    });
    await expect(check).rejects.toBe(reason);
    expect(holdings()).toEqual(before);
    await turns();
    expect(holdings()).toEqual(before);
  });

  it("describeConformance's timeout stops the check and releases it, instead of leaving it running beside the next tests", { timeout: 120_000 }, async () => {
    const before = await settledHoldings();
    await expect(checkWithin(writingTo('replica', 'test/fixtures/hostile/sync-loop.mjs'), { seed: 1, runs: 20 }, 1)).rejects.toThrow(/did not finish within 1 ms \(describeConformance's timeoutMs\): it was stopped/);
    await turns();
    expect(holdings()).toEqual(before);
  });
});
