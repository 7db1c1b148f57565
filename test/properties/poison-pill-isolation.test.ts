import { poisonPillIsolation } from '../../properties/poison-pill-isolation.js';
import { staticContext, testRule } from './rule-tester.js';

// judged with the model consumer (no handler): a record of one key fails on every attempt
const onFailure = { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } };

testRule(poisonPillIsolation, {
  valid: [
    { name: 'bisection, finite retries and an OnFailure destination', input: staticContext({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 2, BatchSize: 1, ...onFailure }) },
    { name: 'one record per batch on Kinesis, the poison reported by sequence number', input: staticContext({ FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1, MaximumRetryAttempts: 2, ...onFailure }, 'kinesis') },
  ],
  invalid: [
    {
      name: 'infinite retries with no way to isolate the poison',
      input: staticContext({}),
      message: /^with a model consumer \(the handler made no downstream call naming the record's key\), a permanently failing record kept 6 record\(s\) of other keys from being processed for .* h.* \(worst IteratorAge .* h\)$/,
    },
    {
      name: 'healthy records discarded with the poison',
      input: staticContext({ MaximumRetryAttempts: 1, ...onFailure }),
      status: 'warn',
      message: /healthy record\(s\) were discarded together with the poison .*: enable BisectBatchOnFunctionError/,
    },
  ],
});
