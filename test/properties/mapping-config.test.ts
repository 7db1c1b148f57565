import { mappingConfig } from '../../properties/mapping-config.js';
import { evidence, invocation, run, staticContext, testRule } from './rule-tester.js';

const reported = run({ invocations: [invocation({ outcome: 'partial', failureIndex: 1, response: { batchItemFailures: [{ itemIdentifier: '1' }] } })] });

testRule(mappingConfig, {
  valid: [
    { name: 'batchItemFailures with ReportBatchItemFailures on', input: evidence({ adv: reported }) },
    { name: 'no batchItemFailures without ReportBatchItemFailures', input: evidence({ mappingInput: {} }) },
    { name: 'bisect, finite retries and an OnFailure destination', input: staticContext({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 3, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } }) },
  ],
  invalid: [
    {
      name: 'batchItemFailures returned while Lambda ignores them',
      input: evidence({ mappingInput: {}, adv: reported }),
      message: /^the handler returned batchItemFailures \[\{"itemIdentifier":"1"\}\] but the mapping's FunctionResponseTypes does not include ReportBatchItemFailures: Lambda ignored them and committed the batch$/,
    },
    {
      name: 'infinite retries with no way past a failing record',
      input: staticContext({}),
      message: /^MaximumRetryAttempts is -1 \(retry forever\): a record that always fails is retried until it leaves the stream \(24 hours on DynamoDB Streams\), and every record behind it on its shard waits$/,
    },
    {
      name: 'finite retries with nowhere for discarded records to go',
      input: staticContext({ MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true }),
      status: 'warn',
      message: /^records that fail 4 time\(s\) are discarded without a trace: the mapping has no OnFailure destination$/,
    },
  ],
});
