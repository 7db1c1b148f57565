import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { StaticContext } from '../../properties/evidence.js';
import { validRecordRobustness } from '../../properties/valid-record-robustness.js';
import type { HarnessRun, RecordedCall } from '../../src/harness/index.js';
import type { MappingInput } from '../../src/model/mapping.js';
import type { InvocationRecord, Shard, Source } from '../../src/model/types.js';
import { call, evidence, invocation, run, s2, s3, staticContext, testRule } from './rule-tester.js';

testRule(validRecordRobustness, {
  valid: [
    { name: 'every reference invocation succeeded', input: evidence() },
    { name: 'failures under injected faults are judged by other rules', input: evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error', error: 'throttled' })] }) }) },
    {
      // it stopped early as its time ran short and reported the rest: they succeeded when they came again
      name: 'records put off in batchItemFailures that succeeded on their next delivery',
      input: evidence({ ref: run({ invocations: [
        invocation({ outcome: 'partial', failureIndex: 1 }),
        invocation({ reason: 'partial-suffix', sequenceNumbers: [s2, s3], outcome: 'partial', failureIndex: 1 }),
        invocation({ reason: 'partial-suffix', sequenceNumbers: [s3] }),
      ] }) }),
    },
  ],
  invalid: [
    {
      name: 'the handler threw on a valid batch with no faults',
      input: evidence({ ref: run({ invocations: [invocation({ outcome: 'function-error', error: "Cannot read properties of undefined (reading 'S')" })] }) }),
      message: /^with no faults at all, the handler failed \(function-error: Cannot read properties of undefined \(reading 'S'\)\) on a batch of 3 valid record\(s\)$/,
    },
    {
      name: 'the handler reported a valid record as failed',
      input: evidence({ ref: run({ invocations: [invocation({ outcome: 'partial', failureIndex: 1 })] }) }),
      message: new RegExp(`^with no faults at all, the handler reported record ${s2} as failed on a batch of 3 valid record\\(s\\)$`),
    },
    {
      name: 'a put-off record that never succeeded (its retries ran out)',
      input: evidence({ ref: run({ invocations: [invocation({ outcome: 'partial', failureIndex: 2 }), invocation({ reason: 'partial-suffix', sequenceNumbers: [s3], outcome: 'partial', failureIndex: 0 })] }) }),
      message: new RegExp(`^with no faults at all, the handler reported record ${s3} as failed on a batch of 3 valid record\\(s\\)$`),
    },
  ],
});

/** A `_bulk` whose items the engine refused with 409 (a version guard), with nothing injected. */
const conflicted = (fields: Partial<RecordedCall> = {}) => call({ service: 'search', operation: 'bulk', input: { path: '/_bulk' }, conflicts: 2, ...fields });

testRule(validRecordRobustness, {
  valid: [
    { name: 'a 409 taken as done: the redelivered batch succeeds', input: evidence({ adv: run({ invocations: [invocation({ reason: 'duplicate' })], calls: [conflicted()] }) }) },
    {
      name: 'a failure in an invocation with an injected fault is not the conflict’s',
      input: evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error', error: 'item 0 failed' })], calls: [conflicted({ outcome: 'partial', fault: 'partial-batch' })] }) }),
    },
    {
      name: 'a failure after another call failed is not the conflict’s',
      input: evidence({ adv: run({ invocations: [invocation({ outcome: 'partial', failureIndex: 1 })], calls: [conflicted(), call({ call: 1, service: 'search', operation: 'index', input: {}, statusCode: 400, outcome: 'error' })] }) }),
    },
    { name: 'an injected timeout is judged by other rules', input: evidence({ adv: run({ invocations: [invocation({ outcome: 'timeout', error: 'fault' })], calls: [conflicted()] }) }) },
  ],
  invalid: [
    {
      name: 'the handler threw on a retried batch whose only refusals were version conflicts',
      input: evidence({ adv: run({ invocations: [invocation({ reason: 'retry', outcome: 'function-error', error: 'Error: _bulk item 0 failed: version_conflict_engine_exception' })], calls: [conflicted()] }) }),
      message: /^on a retried batch of 3 record\(s\), the search engine refused 2 write\(s\) with 409 version_conflict_engine_exception \(the index already holds that version of the document or a newer one: the change is done\), no call failed, and the handler failed \(Error: _bulk item 0 failed: version_conflict_engine_exception\)$/,
    },
    {
      name: 'the handler reported a record whose single write was refused with 409',
      input: evidence({ adv: run({ invocations: [invocation({ reason: 'duplicate', outcome: 'partial', failureIndex: 1 })], calls: [conflicted({ operation: 'index', statusCode: 409, outcome: 'error', conflicts: 1 })] }) }),
      message: new RegExp(`^on a duplicate delivery of 3 record\\(s\\), the search engine refused 1 write\\(s\\) with 409 .* and the handler reported record ${s2} as failed$`),
    },
  ],
});

describe('valid-record-robustness: a call the service refused with nothing faulty', () => {
  const failing = (calls: RecordedCall[]) => validRecordRobustness.judgeCase!(evidence({ ref: run({ invocations: [invocation({ outcome: 'function-error', error: 'MissingParameter' })], calls }) }));

  it('the Fix names the refused request instead of the record handling', () => {
    const refused = call({ service: 'sqs', operation: 'SendMessage', input: {}, statusCode: 400, outcome: 'error', error: 'MissingParameter' });
    expect(failing([refused])?.fix).toMatch(/^sqs SendMessage answered 400 MissingParameter with nothing faulty: the service refuses that request as it is/);
  });

  it('a refused condition is a guard doing its job', () => {
    const refused = call({ service: 'dynamodb', operation: 'PutItem', input: {}, statusCode: 400, outcome: 'error', error: 'ConditionalCheckFailedException' });
    expect(failing([refused])?.fix).toMatch(/a condition refused the write, which is a guard doing its job/);
  });

  it('a number out of DynamoDB\'s range: it went through a JavaScript number, so keep it as written (wrapNumbers)', async () => {
    const refused = call({ service: 'dynamodb', operation: 'PutItem', input: {}, statusCode: 400, outcome: 'error', error: 'ValidationException' });
    const finding = await validRecordRobustness.judgeCase!(evidence({ ref: run({ invocations: [invocation({ outcome: 'function-error', error: 'ValidationException: Number overflow. Attempting to store a number with magnitude larger than supported range' })], calls: [refused] }) }));
    expect(finding?.fix).toMatch(/^dynamodb PutItem answered 400 ValidationException \(a number out of DynamoDB's range\): a number of the record went through a JavaScript number .* unmarshall with \{ wrapNumbers: true \}/);
  });

  it('an injected fault, a server error or no call leaves the rule’s own Fix', () => {
    expect(failing([call({ service: 'sqs', operation: 'SendMessage', input: {}, statusCode: 400, outcome: 'error', error: 'X', fault: 'throttling' })])?.fix).toBeUndefined();
    expect(failing([call({ service: 'sqs', operation: 'SendMessage', input: {}, statusCode: 500, outcome: 'error', error: 'InternalError' })])?.fix).toBeUndefined();
    expect(failing([])?.fix).toBeUndefined();
  });
});

describe('valid-record-robustness: a timeout that comes from how the handler waits, not from its records', () => {
  const timedOut = (error: string, mappingInput?: MappingInput) =>
    validRecordRobustness.judgeCase!(evidence({ ref: run({ invocations: [invocation({ outcome: 'timeout', error: `Task timed out after 6.00 seconds (${error})` })] }), ...(mappingInput && { mappingInput }) }));
  const keepalive = 'the handler called back, but its response waits for the event loop to empty (context.callbackWaitsForEmptyEventLoop is true), and a 1 s setInterval, next due 7 s into the invocation, was still set when its 6 s timeout ran out';

  it('a callback handler waiting for its own interval: clear it, unref it, or stop waiting for the empty loop', () => {
    const finding = timedOut(keepalive, { MaximumRetryAttempts: 2 });
    expect(finding?.production).toBe('Every invocation runs until function.Timeout and fails as a timeout, whatever its records: each batch is retried (what it had already written is written again), the shard stalls behind it, and every invocation is billed for the whole timeout.');
    expect(finding?.fix).toMatch(/^Clear the timer before calling back .* context\.callbackWaitsForEmptyEventLoop = false/);
  });

  it('a sleep or back-off past the timeout: bound it by the time left, and what to do then fits the mapping', () => {
    const oversleep = 'the handler was still waiting for a 5 s timer due 7 s into the invocation when its 6 s timeout ran out';
    expect(timedOut(oversleep)?.production).toMatch(/^A wait of the handler's own \(a sleep, a retry back-off, a polling interval\) outlasts function\.Timeout/);
    expect(timedOut(oversleep, { MaximumRetryAttempts: 2 })?.fix).toContain('when too little time is left fail the batch instead of waiting');
    expect(timedOut(oversleep)?.fix).toContain('report the records not done in batchItemFailures');
  });

  it('a promise nothing can settle: make it settle on every path', () => {
    expect(timedOut("the handler's promise can never settle: it waits for nothing (no timer, no I/O, no pending downstream call)")?.fix).toMatch(/^Make the handler's promise settle on every path/);
  });

  it('a timeout of another kind (a slow loop), or a refused call behind the wait, keeps the texts that fit it', () => {
    expect(timedOut('still running after 6 s of real time: it loops')?.fix).toBeUndefined();
    const refused = call({ service: 'sqs', operation: 'SendMessage', input: {}, statusCode: 400, outcome: 'error', error: 'MissingParameter' });
    const finding = validRecordRobustness.judgeCase!(evidence({ ref: run({ invocations: [invocation({ outcome: 'timeout', error: `Task timed out after 6.00 seconds (${keepalive})` })], calls: [refused] }) }));
    expect(finding?.fix).toMatch(/^sqs SendMessage answered 400/);
    expect(finding?.production).toBeUndefined();
  });
});

describe('valid-record-robustness: where a record failed by its 409 ends, under the mapping', () => {
  const adv = run({ invocations: [invocation({ reason: 'duplicate', outcome: 'function-error', error: 'Error: conflict' })], calls: [conflicted()] });
  it('retried forever: until it leaves the stream', () => {
    expect(validRecordRobustness.judgeCase!(evidence({ adv }))?.production).toContain('retried until it leaves the stream\'s retention, while its shard stalls');
  });
  it('bounded retries: to the OnFailure destination, or discarded without a trace', () => {
    const withDestination = evidence({ adv, mappingInput: { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } } });
    expect(validRecordRobustness.judgeCase!(withDestination)?.production).toContain('until Lambda sends it to the OnFailure destination (sqs)');
    expect(validRecordRobustness.judgeCase!(evidence({ adv, mappingInput: { MaximumRecordAgeInSeconds: 3600 } }))?.production).toContain('until Lambda discards it without a trace (no OnFailure destination)');
  });
});

// the warm run: one execution environment serving many consecutive clean batches (the handler faked by its run)
const outOfMemory = (used = 1210) => invocation({ outcome: 'function-error', error: `Runtime.OutOfMemory: the function used ${used} MB, more than its 1024 MB (function.MemorySize); Lambda ends such an environment (Runtime exited with error: signal: killed)` });
const succeeded = (count: number) => Array.from({ length: count }, () => invocation());

/** A static context whose clean run answers these invocations, and which keeps what it was asked to run. */
function warm(invocations: InvocationRecord[], mapping: MappingInput = { BatchSize: 10 }, source: Source = 'dynamodb'): StaticContext & { asked: { shards: Shard[]; batchSize: number; retries: number; bisect: boolean; stopAfter: ((i: InvocationRecord) => boolean) | undefined }[] } {
  const asked: { shards: Shard[]; batchSize: number; retries: number; bisect: boolean; stopAfter: ((i: InvocationRecord) => boolean) | undefined }[] = [];
  return {
    ...staticContext(mapping, source),
    runClean: async (shards, m, stopAfter): Promise<HarnessRun> => {
      asked.push({ shards, batchSize: m.BatchSize, retries: m.MaximumRetryAttempts, bisect: m.BisectBatchOnFunctionError, stopAfter });
      return run({ invocations });
    },
    asked,
  };
}

testRule(validRecordRobustness, {
  valid: [
    { name: 'no handler to run (a model check): nothing judged once', input: staticContext({ BatchSize: 10 }) },
    { name: 'every invocation in the warm environment succeeded', input: warm(succeeded(12)) },
    { name: 'a failure that leaves the environment alive is the cases’ to judge', input: warm([...succeeded(3), invocation({ outcome: 'function-error', error: 'Error: boom' })]) },
    {
      name: 'an error the handler threw itself, whatever its name, ends nothing',
      input: warm([...succeeded(3), invocation({ outcome: 'function-error', error: 'Runtime.OutOfMemory: said the handler', thrown: { name: 'Runtime.OutOfMemory', message: 'said the handler' } })]),
    },
  ],
  invalid: [
    {
      name: 'the fifth invocation of a warm environment ran out of memory: memory kept across invocations',
      input: warm([...succeeded(4), outOfMemory(), ...succeeded(7)]),
      message: /^in one warm execution environment serving 12 consecutive batches of up to 10 record\(s\) with no faults, the handler's invocation #5 ran out of its 1024 MB \(function\.MemorySize; it used 1210 MB\): Runtime\.OutOfMemory, after 4 earlier invocation\(s\) in it: it keeps memory across invocations \(module state\) that a fresh environment does not hold$/,
    },
    {
      name: 'out of memory at V8’s own limit (no figure measured), batches smaller than the mapping’s',
      input: warm([...succeeded(2), invocation({ outcome: 'function-error', error: 'Runtime.OutOfMemory: the handler used more than its 1024 MB (function.MemorySize)' })], { BatchSize: 100 }),
      message: /^in one warm execution environment serving 12 consecutive batches of up to 25 record\(s\) with no faults, fewer than BatchSize 100 as at low traffic, the handler's invocation #3 ran out of its 1024 MB \(function\.MemorySize\): Runtime\.OutOfMemory, after 2 earlier invocation/,
    },
    {
      name: 'a figure that rounds to the limit itself is left out',
      input: warm([...succeeded(9), outOfMemory(1024)]),
      message: /the handler's invocation #10 ran out of its 1024 MB \(function\.MemorySize\): Runtime\.OutOfMemory, after 9 earlier invocation/,
    },
    {
      name: 'the first invocation already: one batch is too big for the function',
      input: warm([outOfMemory(1500)]),
      message: /invocation #1 ran out of its 1024 MB \(function\.MemorySize; it used 1500 MB\): Runtime\.OutOfMemory, its first: one batch needs more than that$/,
    },
    {
      name: 'a later invocation ended the environment another way',
      input: warm([...succeeded(6), invocation({ outcome: 'function-error', error: 'Runtime.ExitError: the handler called process.exit(1)' })]),
      message: /^in one warm execution environment serving 12 consecutive batches .* the handler's invocation #7 ended the environment \(Runtime\.ExitError: the handler called process\.exit\(1\)\)$/,
    },
  ],
});

describe('valid-record-robustness: the warm environment run', () => {
  it('asks for one shard of 12 batches, records of distinct keys, in batches of the mapping’s size up to 25 (DynamoDB and Kinesis)', async () => {
    const small = warm(succeeded(12), { BatchSize: 10, MaximumRetryAttempts: -1, BisectBatchOnFunctionError: true });
    await validRecordRobustness.judgeOnce!(small);
    expect(small.asked).toHaveLength(1);
    // each batch once: retries of a failing batch would add nothing to what the run judges
    expect(small.asked[0]).toMatchObject({ batchSize: 10, retries: 0, bisect: false });
    const [shard] = small.asked[0]!.shards;
    expect(shard!.records).toHaveLength(120);
    expect(new Set(shard!.records.map((r) => JSON.stringify((r as DynamoDBRecord).dynamodb!.Keys))).size).toBe(120);
    expect(new Set(shard!.records.map((r) => (r as DynamoDBRecord).dynamodb!.SequenceNumber)).size).toBe(120);

    const big = warm(succeeded(12), { BatchSize: 10_000 }, 'kinesis');
    await validRecordRobustness.judgeOnce!(big);
    expect(big.asked[0]!.batchSize).toBe(25);
    const records = big.asked[0]!.shards[0]!.records as KinesisStreamRecord[];
    expect(records).toHaveLength(300);
    expect(new Set(records.map((r) => r.kinesis.partitionKey)).size).toBe(300);
    expect(JSON.parse(Buffer.from(records[7]!.kinesis.data, 'base64').toString())).toEqual({ id: records[7]!.kinesis.partitionKey });
  });

  it('says what becomes of the batch in flight under the mapping, and how to fix the leak', async () => {
    const onFailure = { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } };
    const noRetries = await validRecordRobustness.judgeOnce!(warm([...succeeded(4), outOfMemory()], { BatchSize: 10, MaximumRetryAttempts: 0, ...onFailure }));
    expect(noRetries?.production).toMatch(/^Lambda keeps an execution environment warm for many invocations \(often hours\), so in production this function runs out of memory every few batches \(Runtime\.OutOfMemory\): each time, the batch in flight fails and is not retried \(MaximumRetryAttempts 0\): Lambda sends it to the OnFailure destination \(sqs\), and the next batch waits for a cold start\.$/);
    expect(noRetries?.fix).toMatch(/^Bound what the module keeps between invocations: a cache with a maximum number of entries/);
    const bisected = await validRecordRobustness.judgeOnce!(warm([...succeeded(4), outOfMemory()], { BatchSize: 10, MaximumRetryAttempts: 2, BisectBatchOnFunctionError: true }));
    expect(bisected?.production).toContain('the batch in flight fails and is split and retried (what it had already written is written again)');
    expect(bisected?.invocation?.error).toMatch(/^Runtime\.OutOfMemory/);
  });

  it('ends the run at the first invocation that ended the environment (what follows would not change the finding)', async () => {
    const context = warm(succeeded(12));
    await validRecordRobustness.judgeOnce!(context);
    const stopAfter = context.asked[0]!.stopAfter!;
    expect(stopAfter(outOfMemory())).toBe(true);
    expect(stopAfter(invocation({ outcome: 'function-error', error: 'Runtime.ExitError: the handler called process.exit(1)' }))).toBe(true);
    expect(stopAfter(invocation())).toBe(false);
    expect(stopAfter(invocation({ outcome: 'function-error', error: 'Error: boom' }))).toBe(false);
    expect(stopAfter(invocation({ outcome: 'function-error', error: 'Runtime.OutOfMemory: said the handler', thrown: { name: 'Runtime.OutOfMemory', message: 'said the handler' } }))).toBe(false);
  });

  it('stops the cases only for memory kept across invocations: one batch too big, or an exit, is left to the cases and their counterexample', async () => {
    expect(validRecordRobustness.judgeOnceFirst).toBe(true);
    const kept = await validRecordRobustness.judgeOnce!(warm([...succeeded(4), outOfMemory()]));
    expect(kept?.stopsCases).toBe('the function runs out of its 1024 MB (function.MemorySize) in a warm execution environment');
    expect((await validRecordRobustness.judgeOnce!(warm([outOfMemory(1500)])))?.stopsCases).toBeUndefined();
    const exit = await validRecordRobustness.judgeOnce!(warm([...succeeded(6), invocation({ outcome: 'function-error', error: 'Runtime.ExitError: the handler called process.exit(1)' })]));
    expect(exit?.message).toMatch(/ended the environment/);
    expect(exit?.stopsCases).toBeUndefined();
  });
});
