import { describe, expect, it } from 'vitest';
import { noSilentLoss } from '../../properties/no-silent-loss.js';
import type { MappingInput } from '../../src/model/mapping.js';
import { differentialSkips } from './differential.js';
import { attributed, call, difference, evidence, failedPut, invocation, run, s1, s2, s3, testRule } from './rule-tester.js';

const lostWrite = run({ invocations: [invocation()], calls: [failedPut('a')] });

testRule(noSilentLoss, {
  valid: [
    { name: 'no differences', input: evidence() },
    { name: 'differences explained by other rules', input: evidence({ differences: [attributed('idempotent-redelivery', 'applied twice', { kind: 'extra' })] }) },
    { name: 'the reference run failed, nothing compared', input: evidence({ differences: undefined }) },
  ],
  invalid: [
    {
      name: 'an effect lost after a failure reported as success',
      input: evidence({ differences: [attributed('no-silent-loss', 'dynamodb PutItem failed (injected server-error) while the handler processed record 1, and the handler still reported the batch as a success')] }),
      message: /^dynamodb PutItem failed \(injected server-error\) while the handler processed record 1, and the handler still reported the batch as a success \(table out lacks \["a"\]\)$/,
    },
  ],
  attributes: [
    {
      name: 'a write failed for good in an invocation that reported success',
      input: { difference: difference(), evidence: evidence({ adv: lostWrite }) },
      reason: new RegExp(`^dynamodb PutItem failed \\(injected server-error\\) while the handler processed record ${s1}, and the handler still reported the batch as a success$`),
    },
    {
      name: 'messages out of order because a failed send was acknowledged, and only a later delivery sent it',
      input: { difference: difference({ kind: 'order', where: 'outbox' }), evidence: evidence({ adv: lostWrite }) },
      reason: new RegExp(`^dynamodb PutItem failed \\(injected server-error\\) while the handler processed record ${s1}, and the handler still reported the batch as a success; its message went out only when the record was delivered again, after a later one of its key$`),
    },
    {
      // a REMOVE's delete refused in a BatchWriteItem's UnprocessedItems, logged, success reported: the item stays
      name: 'an item left behind because its delete failed in a batch and the handler reported success',
      input: {
        difference: difference({ kind: 'extra', expected: undefined, actual: { pk: { S: 'a' } } }),
        evidence: evidence({ adv: run({ invocations: [invocation()], calls: [call({ operation: 'BatchWriteItem', input: { RequestItems: { out: [{ DeleteRequest: { Key: { pk: { S: 'a' } } } }] } }, outcome: 'partial', failedEntries: [0], fault: 'partial-batch' })] }) }),
      },
      reason: new RegExp(`^dynamodb BatchWriteItem partly failed \\(injected partial-batch\\) while the handler processed record ${s1}, and the handler still reported the batch as a success$`),
    },
    {
      // a failed put does not leave an item behind: an extra item is another rule's
      name: 'not an extra item after a failed put',
      input: { difference: difference({ kind: 'extra', expected: undefined, actual: { pk: { S: 'a' } } }), evidence: evidence({ adv: lostWrite }) },
      reason: undefined,
    },
    {
      // a flush on a timer: invocation 0 returned success with its writes queued; they ran (and failed) as the environment thawed for invocation 1
      name: 'a write made by work an invocation left on a timer, which failed during the next one, is the first one\'s loss',
      input: {
        difference: difference(),
        evidence: evidence({ adv: run({
          invocations: [invocation(), invocation({ requestId: 'r-2', sequenceNumbers: [s2] })],
          calls: [failedPut('a', { invocation: 1, leftBy: 0 })],
        }) }),
      },
      reason: new RegExp(`^dynamodb PutItem failed \\(injected server-error\\) in work the handler left on a timer when it returned from the batch holding record ${s1}, which it had reported as a success$`),
    },
    {
      // forEach(async …): the write went out after the handler had returned, and failed
      name: 'a write made by work the handler did not await, after it returned success, that failed',
      input: { difference: difference(), evidence: evidence({ adv: run({ invocations: [invocation({ workLeft: { calls: 1 } })], calls: [failedPut('a', { afterReturn: true })] }) }) },
      reason: new RegExp(`^dynamodb PutItem failed \\(injected server-error\\) in work the handler did not await, made after it had returned success for the batch holding record ${s1}$`),
    },
    {
      // nothing caught it: the environment ended on the rejection, after the run's last invocation or before the next one
      name: 'such a write whose rejection nothing handled, which ended the execution environment',
      input: { difference: difference(), evidence: evidence({ adv: run({ invocations: [invocation({ workLeft: { calls: 1 }, endedAfter: 'Runtime.UnhandledPromiseRejection: InternalServerError: Internal server error' })], calls: [failedPut('a', { afterReturn: true })] }) }) },
      reason: new RegExp(`^dynamodb PutItem failed \\(injected server-error\\) in work the handler did not await, made after it had returned success for the batch holding record ${s1}; nothing handled the rejection, which ends the execution environment \\(Runtime\\.UnhandledPromiseRejection\\) and fails the next invocation, whichever batch it carries, while the record stays lost$`),
    },
    {
      name: 'the same, told by the next invocation, which failed on the rejection',
      input: {
        difference: difference(),
        evidence: evidence({ adv: run({
          invocations: [
            invocation({ workLeft: { calls: 1 } }),
            invocation({ requestId: 'r-2', sequenceNumbers: [s2], outcome: 'function-error', error: 'Runtime.UnhandledPromiseRejection: InternalServerError: Internal server error (raised between invocations, by work an earlier invocation left behind)' }),
          ],
          calls: [failedPut('a', { afterReturn: true })],
        }) }),
      },
      reason: /; nothing handled the rejection, which ends the execution environment \(Runtime\.UnhandledPromiseRejection\) and fails the next invocation, whichever batch it carries, while the record stays lost$/,
    },
    {
      // the next invocation failed for its own reasons: nothing says the rejection went unhandled
      name: 'such a write whose next invocation failed of its own error',
      input: {
        difference: difference(),
        evidence: evidence({ adv: run({
          invocations: [invocation({ workLeft: { calls: 1 } }), invocation({ requestId: 'r-2', sequenceNumbers: [s2], outcome: 'function-error', error: 'Error: boom' })],
          calls: [failedPut('a', { afterReturn: true })],
        }) }),
      },
      reason: new RegExp(`^dynamodb PutItem failed \\(injected server-error\\) in work the handler did not await, made after it had returned success for the batch holding record ${s1}$`),
    },
    {
      // forEach(async …) again: the environment froze (for good) after the write of b, before the one of a
      name: 'a change left to work the handler did not await, which the environment froze before it was written',
      input: {
        difference: difference(),
        evidence: evidence({ adv: run({ invocations: [invocation({ workLeft: { calls: 1, frozen: true } })], calls: [call({ input: { TableName: 'out', Item: { pk: { S: 'b' } } }, afterReturn: true })] }) }),
      },
      reason: new RegExp(`^the handler returned, reporting record ${s1} as processed, before its change was written: that was left to work the handler did not await, which stopped when the execution environment froze, so the change was never made$`),
    },
    {
      // the freeze stopped a request made for the later record of the key (it carries that record's sequence number)
      name: 'a change whose request the freeze stopped, though an earlier record of its key was written',
      input: {
        difference: difference({ kind: 'changed', actual: { pk: { S: 'a' } } }),
        evidence: evidence({ adv: {
          ...run({ invocations: [invocation({ workLeft: { calls: 1, frozen: true } })], calls: [call({ input: { TableName: 'out', Item: { pk: { S: 'a' } } }, afterReturn: true })] }),
          frozenRequests: [{ invocation: 0, input: { TableName: 'out', Item: { pk: { S: 'a' }, seq: { S: s3 } } } }],
        } }),
      },
      reason: new RegExp(`^the handler returned, reporting record ${s3} as processed, before its change was written`),
    },
    {
      name: 'a frozen environment is not the cause when the key\'s own write went through',
      input: {
        difference: difference({ kind: 'changed', actual: { pk: { S: 'a' }, n: { N: '1' } } }),
        evidence: evidence({ adv: run({ invocations: [invocation({ workLeft: { calls: 1, frozen: true } })], calls: [call({ input: { TableName: 'out', Item: { pk: { S: 'a' } } }, afterReturn: true })] }) }),
      },
      reason: undefined,
    },
    {
      name: 'nor when the invocation failed: its records come again',
      input: { difference: difference(), evidence: evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error', workLeft: { calls: 0, frozen: true } })] }) }) },
      reason: undefined,
    },
    { name: 'an extra effect is never a loss', input: { difference: difference({ kind: 'extra' }), evidence: evidence({ adv: lostWrite }) }, reason: undefined },
    {
      name: 'a conditional write DynamoDB refused is a guard, not a loss',
      input: { difference: difference(), evidence: evidence({ adv: run({ calls: [call({ input: { TableName: 'out', Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)' }, statusCode: 400, outcome: 'error' })] }) }) },
      reason: undefined,
    },
    {
      name: 'a failure the handler reported only for a later record belongs to checkpoint-safety',
      input: { difference: difference(), evidence: evidence({ adv: run({ invocations: [invocation({ sequenceNumbers: [s1, s2], outcome: 'partial', failureIndex: 1 })], calls: [failedPut('a')] }) }) },
      reason: undefined,
    },
    {
      // Promise.all: invocation 0 threw while the SDK still retried a write; its last attempt arrived during invocation 1, which succeeded
      name: 'a write issued by an invocation that failed, whose last retry arrived during the next one, is not that one\'s loss',
      input: {
        difference: difference(),
        evidence: evidence({ adv: run({
          invocations: [invocation({ outcome: 'function-error' }), invocation({ requestId: 'r-2', attempt: 2, reason: 'retry' })],
          calls: [failedPut('a', { attempt: 1 }), failedPut('a', { attempt: 2, invocation: 1 })],
        }) }),
      },
      reason: undefined,
    },
    { name: 'a write retried to success by the SDK', input: { difference: difference(), evidence: evidence({ adv: run({ calls: [failedPut('a', { attempt: 1 }), call({ attempt: 2, input: { TableName: 'out', Item: { pk: { S: 'a' } } } })] }) }) }, reason: undefined },
  ],
  skips: differentialSkips,
});

describe('no-silent-loss: the fix fits the failed call', () => {
  const lost = (reason: string, mappingInput?: MappingInput) =>
    noSilentLoss.judgeCase!(evidence({ differences: [attributed('no-silent-loss', reason)], ...(mappingInput && { mappingInput }) }));

  it('a call that failed as a whole: let its error through, as this mapping allows', async () => {
    const reason = 'sns Publish failed (injected throttling) while the handler processed record 1, and the handler still reported the batch as a success';
    expect((await lost(reason))?.fix).toMatch(/^Let the error reach Lambda: throw it, or report the record in batchItemFailures, instead of catching and logging it\./);
    expect((await lost(reason, { FunctionResponseTypes: [] }))?.fix).toMatch(/throw it \(this mapping has no ReportBatchItemFailures, so only a thrown error fails the batch\)/);
  });

  it('an HTTP request answered with an error status: the client may have handed it back as a response, so checking the status is part of the fix', async () => {
    const reason = 'http DELETE api.example/v1/products/a failed (injected throttling) while the handler processed record 1, and the handler still reported the batch as a success';
    const answered = (statusCode: number | undefined, outcome: 'error' | 'network-error') =>
      noSilentLoss.judgeCase!(evidence({
        differences: [attributed('no-silent-loss', reason)],
        adv: run({ calls: [call({ service: 'http', operation: 'DELETE api.example/v1/products/a', input: { method: 'DELETE', url: 'https://api.example/v1/products/a' }, statusCode, outcome })] }),
      }));
    expect((await answered(429, 'error'))?.fix).toMatch(/^Treat an error status as a failure: fetch and node:https resolve on a 429 or 5xx answer \(check response\.ok or the status code\), as do got with throwHttpErrors: false and axios with a validateStatus that accepts it\. Then let it reach Lambda: throw it, or report the record in batchItemFailures, never only logged\. A record is acknowledged/);
    // a request that got no answer at all threw in the handler: catching and logging it is what lost it
    expect((await answered(undefined, 'network-error'))?.fix).toMatch(/^Let the error reach Lambda: .* instead of catching and logging it\./);
    expect((await lost('sns Publish failed (injected throttling) while the handler processed record 1, and the handler still reported the batch as a success'))?.fix).not.toContain('Treat an error status');
  });

  it('a message lost only in the sense that a retry stamped it with a later time: the stamp is the fix, not letting errors through', async () => {
    const reason = 'http POST hooks.example/v1 failed (injected server-error) while the handler processed record 1, and the handler still reported the batch as a success';
    const where = 'http POST https://hooks.example/v1';
    const differences = [
      attributed('no-silent-loss', reason, { kind: 'missing', where, expected: { id: 'a', sentAt: '2026-01-01T00:00:01.000Z' }, actual: undefined }),
      attributed('idempotent-redelivery', 'again', { kind: 'extra', where, expected: undefined, actual: { id: 'a', sentAt: '2026-01-01T00:00:01.400Z' } }),
    ];
    expect((await noSilentLoss.judgeCase!(evidence({ differences })))?.fix).toMatch(/^The effect differs between the runs only in sentAt/);
  });

  it('work left on a timer when the handler returned: await it', async () => {
    const reason = 'dynamodb PutItem failed (injected server-error) in work the handler left on a timer when it returned from the batch holding record 1, which it had reported as a success';
    expect((await lost(reason))?.fix).toMatch(/^Finish the work before returning: await the write/);
  });

  it('work the handler did not await: await it (forEach does not)', async () => {
    const reason = 'dynamodb PutItem failed (injected server-error) in work the handler did not await, made after it had returned success for the batch holding record 1';
    const failed = await lost(reason);
    expect(failed?.fix).toMatch(/^Await all the work before the handler returns: each send .* \(Array\.prototype\.forEach does not wait for an async callback: use for…of with await/);
    // the second bug such handlers often have, said at once: an awaited error caught and logged is lost too
    expect(failed?.fix).toMatch(/Once it is awaited, let a failure reach Lambda: throw it, or report its record in batchItemFailures; an error caught and only logged is lost the same way\./);
    expect(failed?.production).toBeUndefined();
    expect((await lost(reason, { FunctionResponseTypes: [] }))?.fix).toMatch(/let a failure reach Lambda: throw it \(this mapping has no ReportBatchItemFailures/);
    const frozen = await lost('the handler returned, reporting record 1 as processed, before its change was written: that was left to work the handler did not await, which stopped when the execution environment froze, so the change was never made');
    expect(frozen?.fix).toMatch(/^Await all the work/);
    // nothing failed: the write was never made
    expect(frozen?.production).toMatch(/^The handler reports the batch processed before its writes are made/);
  });

  it('a batch call that partly failed, or a search request, keeps the rule\'s advice on partial results', async () => {
    expect((await lost('dynamodb BatchWriteItem partly failed while the handler processed record 1, and the handler still reported the batch as a success'))?.fix).toBeUndefined();
    expect((await lost('search bulk failed (injected server-error) while the handler processed record 1, and the handler still reported the batch as a success'))?.fix).toBeUndefined();
  });
});
