import { afterAll, describe, expect, it } from 'vitest';
import { checkConsumer } from '../../../src/run/check.js';
import { HarnessError } from '../../../src/harness/harness.js';
import { ddb, seqs } from '../../support/records.js';
import { faults, harnesses } from '../support.js';

const harness = harnesses(afterAll);

/** CreateSchedule answers with an ARN made from the request's input; GetSchedule is a read. */
const services = {
  scheduler: {
    CreateSchedule: { response: (input: unknown) => ({ ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/default/${(input as { Name: string }).Name}` }) },
    GetSchedule: { response: { State: 'ENABLED' }, effect: false },
  },
};

describe('services declared in downstream.services', () => {
  it('answers a real SDK v3 client in its wire protocol and records the writes as effects', async () => {
    const h = await harness('scheduler-consumer.mjs', { services });
    const [a, b] = seqs(2);
    const run = await h.run({ shards: [{ shardId: 's', records: [ddb(a!), ddb(b!)] }] });
    expect(run.problems).toEqual([]);
    expect((run.trace.invocations[0]!.response as { answers: unknown[] }).answers).toEqual([
      { arn: `arn:aws:scheduler:us-east-1:123456789012:schedule/default/reminder-k1-${a}`, state: 'ENABLED', attempts: 1 },
      { arn: `arn:aws:scheduler:us-east-1:123456789012:schedule/default/reminder-k1-${b}`, state: 'ENABLED', attempts: 1 },
    ]);
    expect(run.calls.map((c) => `${c.service} ${c.operation} ${c.outcome}`)).toEqual([
      'scheduler CreateSchedule ok', 'scheduler GetSchedule ok', 'scheduler CreateSchedule ok', 'scheduler GetSchedule ok',
    ]);
    // the reads are not effects; the writes are, with the input the handler gave
    expect(run.outbox.map((m) => [m.service, m.operation, JSON.parse(m.body).Name])).toEqual([
      ['scheduler', 'CreateSchedule', `reminder-k1-${a}`],
      ['scheduler', 'CreateSchedule', `reminder-k1-${b}`],
    ]);
  });

  it('takes faults from the schedule like the emulated services: the SDK retries throttles and sees its own exceptions', async () => {
    const h = await harness('scheduler-consumer.mjs', { services });
    const run = await h.run({
      shards: [{ shardId: 's', records: seqs(3).map((s) => ddb(s)) }],
      faults: faults({
        calls: [
          { kind: 'error', call: 0, error: 'throttling', attempts: 2 },
          { kind: 'error', call: 2, error: 'server-error', attempts: 99 },
          { kind: 'error', call: 3, error: 'network-reset', attempts: 99 },
        ],
      }),
    });
    const answers = (run.trace.invocations[0]!.response as { answers: Record<string, unknown>[] }).answers;
    expect(answers[0]).toMatchObject({ state: 'ENABLED', attempts: 3 });
    expect(answers[1]).toEqual({ error: 'InternalServerException', fault: 'server', attempts: 3 });
    // calls are numbered in order: 0 CreateSchedule, 1 GetSchedule, 2 CreateSchedule (fails), 3 CreateSchedule (reset)
    expect(answers[2]).toMatchObject({ error: expect.stringMatching(/Error/), attempts: 3 });
    expect(run.calls.filter((c) => c.fault === 'throttling').map((c) => c.statusCode)).toEqual([400, 400]);
    expect(run.outbox).toHaveLength(1);
  });

  it('answers in each protocol: query (STS), JSON 1.1 (Kinesis), JSON 1.0 (SQS); reads declared with effect false leave no effect', async () => {
    const h = await harness('declared-protocols.mjs', {
      services: {
        sts: { GetCallerIdentity: { response: { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:role/x', UserId: 'AROA' }, effect: false } },
        kinesis: { DescribeStreamSummary: { response: { StreamDescriptionSummary: { StreamName: 'audit', OpenShardCount: 2, StreamStatus: 'ACTIVE' } }, effect: false } },
        sqs: { GetQueueUrl: { response: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders' }, effect: false } },
      },
    });
    const run = await h.run({ shards: [{ shardId: 's', records: seqs(1).map((s) => ddb(s)) }] });
    expect(run.problems).toEqual([]);
    expect(run.trace.invocations[0]!.response).toEqual({ account: '123456789012', shards: 2, status: 'ACTIVE', queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders' });
    expect(run.outbox).toEqual([]);
  });

  it('an undeclared service ends the run at its first call, naming the service, the operation and the lines to add', async () => {
    const h = await harness('scheduler-consumer.mjs');
    const error = await h.run({ shards: [{ shardId: 's', records: seqs(3).map((s) => ddb(s)) }] }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as Error).message).toBe(
      'the handler called scheduler CreateSchedule, a service stream-conformance does not emulate: declare its answer in conformance.config, e.g. "downstream": { "services": { "scheduler": { "CreateSchedule": { "response": {} } } } } (response: the operation\'s output as the SDK returns it; add "effect": false for a read)',
    );
  });

  it('an undeclared operation of a declared service, in a check: it stops at the first case instead of running them all', async () => {
    const progress: number[] = [];
    const check = checkConsumer(
      { handler: 'test/fixtures/consumers/scheduler-consumer.mjs', runs: 50, downstream: { services: { scheduler: { CreateSchedule: { response: {} } } } } },
      { seed: 1, onProgress: (p) => progress.push(p.done) },
    );
    await expect(check).rejects.toThrow(/the handler called scheduler GetSchedule, a service stream-conformance does not emulate: .*"scheduler": \{ "GetSchedule"/);
    expect(progress).toEqual([]);
  });
});
