import { describe, expect, it } from 'vitest';
import { validRecordRobustness } from '../../properties/valid-record-robustness.js';
import type { RecordedCall } from '../../src/harness/index.js';
import { call, evidence, invocation, run, s2, testRule } from './rule-tester.js';

testRule(validRecordRobustness, {
  valid: [
    { name: 'every reference invocation succeeded', input: evidence() },
    { name: 'failures under injected faults are judged by other rules', input: evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error', error: 'throttled' })] }) }) },
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
