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
      status: 'warn',
      message: /^MaximumRetryAttempts is infinite and neither BisectBatchOnFunctionError nor ReportBatchItemFailures is enabled/,
    },
    {
      name: 'finite retries with nowhere for discarded records to go',
      input: staticContext({ MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true }),
      status: 'warn',
      message: /^records that fail 4 time\(s\) are discarded without a trace: add DestinationConfig\.OnFailure/,
    },
  ],
});
