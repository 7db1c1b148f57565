import { describe, expect, it, vi } from 'vitest';
import { checkConsumer } from '../../src/run/check.js';
import type { ConformanceConfig } from '../../src/config/types.js';
import { Harness } from '../../src/harness/harness.js';
import { live } from '../../src/harness/live.js';
import type { Report } from '../../reports/report.js';
import { ddb, seqs } from '../support/records.js';

/**
 * The hostile-handler battery: each misbehaviour ends the check with the verdict Lambda's behaviour
 * implies and a message naming the cause, without a stack trace and without taking the suite down.
 * Runs are small and function.Timeout is 1 s; nothing here measures speed (see bench/hostile.ts).
 */
const keySchema = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }] };

function config(handler: string, fn: ConformanceConfig['function'] = {}, mapping: ConformanceConfig['mapping'] = {}): ConformanceConfig {
  return {
    handler: `test/fixtures/hostile/${handler}`,
    source: 'dynamodb',
    table: { TableName: 'orders', ...keySchema },
    // one attempt per batch: the verdict shows on the first, and the battery stays small
    mapping: {
      BatchSize: 100,
      MaximumRetryAttempts: 0,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' } },
      ...mapping,
    },
    downstream: { dynamodb: { tables: [{ TableName: 'replica', ...keySchema, BillingMode: 'PAY_PER_REQUEST' }] } },
    function: { Timeout: 1, MemorySize: 512, ...fn },
  };
}

function check(c: ConformanceConfig): Promise<Report> {
  return checkConsumer(c, { seed: 7, runs: 2 });
}

/** Everything the report says, for the no-stack-trace check. */
function allText(report: Report): string {
  return JSON.stringify(report);
}

function expectNoStackTrace(report: Report): void {
  expect(allText(report)).not.toMatch(/\\n\s+at |\(file:\/\/|\.m?[jt]s:\d+:\d+\)/);
}

function robustness(report: Report) {
  return report.rules.find((r) => r.id === 'valid-record-robustness')!;
}

describe('hostile handlers are reported, not obeyed', () => {
  const failing: [string, ConformanceConfig, RegExp][] = [
    ['a promise that never settles', config('never-settles.mjs'), /Task timed out after 1\.00 seconds \(the handler's promise can never settle/],
    ['process.exit', config('exit.mjs'), /Runtime\.ExitError: the handler called process\.exit\(3\).*exit status 3/],
    ['process.abort and process.kill', config('abort.mjs'), /Runtime\.ExitError: the handler called process\.abort\(\).*signal: aborted/],
    ['a thrown non-Error', config('throws-non-error.mjs'), /\{"code":42,"reason":"not an Error"\}/],
    ['an unhandled rejection after returning success', config('rejection-after-success.mjs'), /Runtime\.UnhandledPromiseRejection: Error: audit write failed/],
    ['an exception thrown in a timer', config('uncaught-in-callback.mjs'), /Runtime\.UncaughtException: TypeError: cannot read the checkpoint/],
    ['a circular response', config('circular-response.mjs'), /Runtime\.UnmarshalError/],
    ['a 3 GiB Buffer', config('huge-buffer.mjs', { MemorySize: 256 }), /Runtime\.OutOfMemory: the function used \d+ MB, more than its 256 MB/],
    ['a 3 GiB ArrayBuffer', config('huge-buffer.mjs', { MemorySize: 256, Environment: { Variables: { ALLOCATION: 'array-buffer' } } }), /Runtime\.OutOfMemory/],
  ];

  it.each(failing)('%s: the check fails, naming the cause', async (_, c, cause) => {
    const report = await check(c);
    expect(report.ok).toBe(false);
    expect(robustness(report).status).toBe('fail');
    expect(robustness(report).message).toMatch(cause);
    expectNoStackTrace(report);
  });

  it('a synchronous loop is waited for once at the full timeout, then cut short, and the report says so', async () => {
    const report = await check(config('sync-loop.mjs'));
    expect(robustness(report).status).toBe('fail');
    expect(report.warnings.join('\n')).toMatch(/kept running past its 1\.00 s timeout in real time .*cut 20 ms of real time \(or four times the longest invocation that finished\) after their last downstream call instead of 1000 ms/);
    // said once over the check's many runs (exploration and shrinking), in its longest form (the first run had one hang, later ones more)
    expect(report.warnings.filter((w) => w.startsWith('the handler kept running'))).toEqual([expect.stringMatching(/: after the first time, invocations were cut/)]);
    expectNoStackTrace(report);
  });

  it('a loop inside a timer callback is cut as a timeout too, and the suite survives stopping it', async () => {
    // a harness, not a check: each cut may cost a new execution environment (the stopped loop can take the thread
    // down with it), and a check's shrinking makes dozens of them; the check's verdict on a hang is the sync loop's above
    const harness = await Harness.start({ handler: 'test/fixtures/hostile/timer-loop.mjs', tables: config('x').downstream!.dynamodb!.tables, functionTimeoutMs: 1000 });
    try {
      const shards = (count: number) => [{ shardId: 's', records: seqs(count).map((s) => ddb(s, { key: `k${s}` })) }];
      const timedOut = expect.stringMatching(/^timeout: Task timed out after 1\.00 seconds/);
      const first = await harness.run({ shards: shards(2), mapping: { BatchSize: 1, MaximumRetryAttempts: 0 } });
      expect(first.trace.invocations.map((i) => `${i.outcome}: ${i.error ?? ''}`)).toEqual([timedOut, timedOut]);
      expect(first.warnings.filter((w) => w.startsWith('the handler kept running'))).toEqual([expect.stringMatching(/: after the first time, invocations were cut/)]);
      // the second invocation ran after the first was stopped, and was stopped in turn
      expect(harness.hangCount).toBe(2);
      expect(JSON.stringify([first.trace, first.warnings])).not.toMatch(/\\n\s+at |\(file:\/\/|\.m?[jt]s:\d+:\d+\)/);
    } finally {
      await harness.close();
    }
  });

  it('a module state growing by 16 MiB an invocation under 128 MB fails as out of memory in a warm environment, and no case runs (each would pay for the growth)', async () => {
    // the warm run, made before the cases, runs out about halfway. Timeout 3: the watchdog must not cut invocations on a busy machine
    const leaking = config('memory-hog.mjs', { MemorySize: 128, Timeout: 3, Environment: { Variables: { LEAK_MIB: '16' } } });
    const report = await check(leaking);
    expect(report.ok).toBe(false);
    expect(robustness(report).status).toBe('fail');
    expect(robustness(report).message).toMatch(/^in one warm execution environment serving 12 consecutive batches of up to 25 record\(s\) with no faults, fewer than BatchSize 100 as at low traffic, the handler's invocation #\d+ ran out of its 128 MB \(function\.MemorySize(; it used \d+ MB)?\): Runtime\.OutOfMemory, after \d+ earlier invocation\(s\) in it: it keeps memory across invocations \(module state\)/);
    expect(robustness(report).production).toMatch(/runs out of memory every few batches \(Runtime\.OutOfMemory\)/);
    const idempotency = report.rules.find((r) => r.id === 'idempotent-redelivery')!;
    expect(idempotency).toMatchObject({ status: 'skip', runs: 0 });
    expect(idempotency.message).toBe('not judged: no case ran, since the function runs out of its 128 MB (function.MemorySize) in a warm execution environment (valid-record-robustness)');
    expect(robustness(report).runs).toBe(1);
    expect(report.explorationMs).toBeUndefined();
    // a finding the user made a warning does not block their build: it does not stop the cases either
    const warned = await checkConsumer({ ...leaking, rules: { 'valid-record-robustness': 'warn' } }, { seed: 7, runs: 1 });
    expect(robustness(warned)).toMatchObject({ status: 'warn' });
    expect(warned.rules.find((r) => r.id === 'idempotent-redelivery')).toMatchObject({ status: 'pass', runs: 1 });
    expectNoStackTrace(report);
  });

  it('a module state growing by 200 MiB an invocation fails as out of memory, and the next invocation starts afresh', async () => {
    const harness = await Harness.start({ handler: 'test/fixtures/hostile/memory-hog.mjs', tables: config('x').downstream!.dynamodb!.tables, memoryLimitInMB: 256, functionTimeoutMs: 30_000 });
    try {
      const run = await harness.run({ shards: [{ shardId: 's', records: seqs(3).map((s) => ddb(s, { key: `k${s}` })) }], mapping: { BatchSize: 1, MaximumRetryAttempts: 0 } });
      const outcomes = run.trace.invocations.map((i) => `${i.outcome}: ${i.error ?? ''}`);
      // 200 MiB fits once in 256 MB; the second invocation's does not; the third runs in a fresh environment
      expect(outcomes).toHaveLength(3);
      expect(outcomes[0]).toBe('success: ');
      expect(outcomes[1]).toMatch(/^function-error: Runtime\.OutOfMemory: the function used \d+ MB, more than its 256 MB \(function\.MemorySize\)/);
      expect(outcomes[2]).toBe('success: ');
    } finally {
      await harness.close();
    }
  });

  it('an array growing past the heap limit within one invocation fails as out of memory, the suite survives, and the next invocation starts afresh', async () => {
    const before = live.workers;
    const keys = seqs(3).map((s) => `k${s}`);
    const harness = await Harness.start({
      handler: 'test/fixtures/hostile/huge-array.mjs',
      tables: config('x').downstream!.dynamodb!.tables,
      memoryLimitInMB: 128,
      // no watchdog in the way however busy the machine: the memory ceiling must be what ends it
      functionTimeoutMs: 900_000,
      watchdogMs: 900_000,
      environment: { HUGE_KEY: keys[1]! },
    });
    try {
      const run = await harness.run({ shards: [{ shardId: 's', records: seqs(3).map((s, i) => ddb(s, { key: keys[i] })) }], mapping: { BatchSize: 1, MaximumRetryAttempts: 0 } });
      const outcomes = run.trace.invocations.map((i) => `${i.outcome}: ${i.error ?? ''}`);
      expect(outcomes).toEqual(['success: ', expect.stringMatching(/^function-error: Runtime\.OutOfMemory: the handler used more than its 128 MB \(function\.MemorySize\)/), 'success: ']);
      expect(run.calls.filter((c) => c.operation === 'PutItem')).toHaveLength(3);
      // the lost thread was replaced, and from then on a spare environment is kept ready: the replacement and the spare live
      await vi.waitFor(() => expect(live.workers - before).toBe(2), { timeout: 60_000 });
    } finally {
      await harness.close();
    }
  }, 900_000);

  it('an unhandled rejection left behind by the last invocation of a run is reported too', async () => {
    const harness = await Harness.start({ handler: 'test/fixtures/hostile/rejection-later.mjs', tables: config('x').downstream!.dynamodb!.tables, functionTimeoutMs: 30_000 });
    try {
      const shards = (count: number) => [{ shardId: 's', records: seqs(count).map((s) => ddb(s, { key: `k${s}` })) }];
      // between invocations, the next one reports it (and the one after starts afresh); after the last one, the run does
      const three = await harness.run({ shards: shards(3), mapping: { BatchSize: 1, MaximumRetryAttempts: 0 } });
      expect(three.trace.invocations.map((i) => i.outcome)).toEqual(['success', 'function-error', 'success']);
      expect(three.trace.invocations[1]!.error).toMatch(/Runtime\.UnhandledPromiseRejection: Error: late audit write failed \(raised between invocations/);
      for (const run of [three, await harness.run({ shards: shards(1), mapping: { BatchSize: 1, MaximumRetryAttempts: 0 } })]) {
        expect(run.warnings).toContainEqual(expect.stringMatching(/^the handler's last invocation of the run returned, then raised Runtime\.UnhandledPromiseRejection: Error: late audit write failed/));
        // and the run's last invocation carries it, for the counterexample's timeline
        expect(run.trace.invocations.at(-1)!.endedAfter).toMatch(/^Runtime\.UnhandledPromiseRejection: Error: late audit write failed/);
        expect(run.trace.invocations.slice(0, -1).every((i) => i.endedAfter === undefined)).toBe(true);
      }
    } finally {
      await harness.close();
    }
  });

  it('a handler that mutates its event does not corrupt the model: its correct work passes', async () => {
    const report = await check(config('mutates-event.mjs'));
    expect(report.rules.filter((r) => r.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('a megabyte of console output per invocation changes nothing', async () => {
    const report = await check(config('output-flood.mjs'));
    expect(report.ok).toBe(true);
  });

  it('a call to an undeclared host ends the check as a setup problem naming the line to add', async () => {
    await expect(check(config('undeclared-host.mjs'))).rejects.toMatchObject({
      name: 'HarnessError',
      message: expect.stringMatching(/refused the handler's POST https:\/\/hooks\.example\.com\/ingest: hooks\.example\.com is not declared.*"downstream": \{ "http": \{ "https:\/\/hooks\.example\.com"/),
    });
  });
});
