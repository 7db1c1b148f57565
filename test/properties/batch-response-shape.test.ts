import { batchResponseShape } from '../../properties/batch-response-shape.js';
import { evidence, invocation, run, testRule } from './rule-tester.js';

testRule(batchResponseShape, {
  valid: [
    { name: 'every invocation answered with a shape Lambda accepts', input: evidence({ adv: run({ invocations: [invocation(), invocation({ outcome: 'partial', failureIndex: 1 })] }) }) },
    { name: 'whole-batch failures are other rules’ business', input: evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error', error: 'boom' })] }) }) },
  ],
  invalid: [
    {
      name: 'an eventID reported as itemIdentifier',
      input: evidence({ adv: run({ invocations: [invocation({ outcome: 'invalid-response', response: { batchItemFailures: [{ itemIdentifier: 'shardId-000000000000:1' }] }, error: 'itemIdentifier is not a sequence number of the batch' })] }) }),
      message: /^the handler returned \{"batchItemFailures":\[\{"itemIdentifier":"shardId-000000000000:1"\}\]\}, which Lambda treats as a failure of the whole batch: itemIdentifier is not a sequence number of the batch \(it looks like an eventID; use the sequence number\)$/,
    },
    {
      name: 'an invalid response in the reference run',
      input: evidence({ ref: run({ invocations: [invocation({ outcome: 'invalid-response', response: 'ok', error: 'not an object' })] }) }),
      message: /^the handler returned "ok", which Lambda treats as a failure of the whole batch: not an object$/,
    },
  ],
});
