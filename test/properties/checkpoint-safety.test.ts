import { checkpointSafety } from '../../properties/checkpoint-safety.js';
import { differentialSkips } from './differential.js';
import { attributed, call, difference, evidence, failedPut, invocation, run, s1, s2, s3, testRule } from './rule-tester.js';

/** A SendMessageBatch of key a's record s1 and key b's s2, with these entries refused. */
function messageBatch(failed: number[]) {
  const entries = [{ Id: '0', MessageBody: JSON.stringify({ pk: 'a', seq: s1 }) }, { Id: '1', MessageBody: JSON.stringify({ pk: 'b', seq: s2 }) }];
  return call({ service: 'sqs', operation: 'SendMessageBatch', input: { QueueUrl: 'q', Entries: entries }, outcome: 'partial', fault: 'partial-batch', failedEntries: failed });
}

/** The write of key a (record s1) failed for good, and the handler reported record s2 (key b) as the first failure. */
const reportedLater = run({ invocations: [invocation({ sequenceNumbers: [s1, s2], outcome: 'partial', failureIndex: 1 })], calls: [failedPut('a')] });

testRule(checkpointSafety, {
  valid: [
    { name: 'no differences and a clean trace', input: evidence() },
    { name: 'the failed record itself reported', input: evidence({ adv: run({ invocations: [invocation({ outcome: 'partial', failureIndex: 0 })], calls: [failedPut('a')] }) }) },
  ],
  invalid: [
    {
      name: 'a difference put under the rule',
      input: evidence({ differences: [attributed('checkpoint-safety', 'reported a later record')] }),
      message: /^reported a later record \(table out lacks \["a"\]\)$/,
    },
    {
      name: 'the trace shows a failed record committed, though a later write hides it',
      input: evidence({ adv: reportedLater }),
      message: new RegExp(`^dynamodb PutItem failed for good \\(injected server-error\\) while the handler processed record ${s1}, but it reported record ${s2} as the first failure, so Lambda committed the failed record$`),
    },
  ],
  attributes: [
    {
      name: 'a lost effect of a record before the reported failure',
      input: { difference: difference(), evidence: evidence({ adv: reportedLater }) },
      reason: new RegExp(`^dynamodb PutItem failed \\(injected server-error\\) while the handler processed record ${s1}, but it reported record ${s2} as the first failure, so Lambda committed the failed record$`),
    },
    {
      name: 'not when the reported failure is at or before every record of the key',
      input: { difference: difference(), evidence: evidence({ adv: run({ invocations: [invocation({ sequenceNumbers: [s1, s2, s3], outcome: 'partial', failureIndex: 2 })], calls: [failedPut('a')] }) }) },
      reason: undefined,
    },
    {
      name: 'a batch call that refused the reported record\'s entry alone failed nothing of the key: the key\'s entry went through',
      input: { difference: difference(), evidence: evidence({ adv: run({ invocations: [invocation({ sequenceNumbers: [s1, s2], outcome: 'partial', failureIndex: 1 })], calls: [messageBatch([1])] }) }) },
      reason: undefined,
    },
    {
      name: 'one that refused the key\'s entry, while the handler reported the next record',
      input: { difference: difference(), evidence: evidence({ adv: run({ invocations: [invocation({ sequenceNumbers: [s1, s2], outcome: 'partial', failureIndex: 1 })], calls: [messageBatch([0])] }) }) },
      reason: new RegExp(`^sqs SendMessageBatch partly failed \\(injected partial-batch\\) while the handler processed record ${s1}, but it reported record ${s2} as the first failure, so Lambda committed the failed record$`),
    },
    { name: 'a failure reported as success belongs to no-silent-loss', input: { difference: difference(), evidence: evidence({ adv: run({ calls: [failedPut('a')] }) }) }, reason: undefined },
  ],
  skips: differentialSkips,
});
