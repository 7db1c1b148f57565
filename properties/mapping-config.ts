import { defineRule } from './rule.js';

export const mappingConfig = defineRule({
  id: 'mapping-config',
  meaning: 'has a mapping that can work: batchItemFailures only with ReportBatchItemFailures enabled; a way to get past a failing record; somewhere for discarded records to go',
  production: 'Without ReportBatchItemFailures Lambda ignores the batchItemFailures the handler returns, so the failures it reports are treated as successes and lost.',
  fix: 'Set FunctionResponseTypes: ["ReportBatchItemFailures"] on the event source mapping; with finite MaximumRetryAttempts add DestinationConfig.OnFailure; with infinite retries enable BisectBatchOnFunctionError or partial batch responses.',
  judgedBy: 'static check of the config plus observed responses',
  judgeCase({ mapping, ref, adv }) {
    if (mapping.ReportBatchItemFailures) return undefined;
    for (const [run, result] of [['reference', ref], ['adversarial', adv]] as const) {
      const invocation = result.trace.invocations.find((i) => {
        const failures = (i.response as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
        return Array.isArray(failures) && failures.length > 0;
      });
      if (invocation) {
        return { run, invocation, message: `the handler returned batchItemFailures ${JSON.stringify((invocation.response as { batchItemFailures: unknown }).batchItemFailures)} but the mapping's FunctionResponseTypes does not include ReportBatchItemFailures: Lambda ignored them and committed the batch` };
      }
    }
    return undefined;
  },
  judgeOnce({ mapping }) {
    if (mapping.MaximumRetryAttempts === -1 && !mapping.BisectBatchOnFunctionError && !mapping.ReportBatchItemFailures) {
      return { status: 'warn', message: 'MaximumRetryAttempts is infinite and neither BisectBatchOnFunctionError nor ReportBatchItemFailures is enabled: one failing record blocks its shard until it expires' };
    }
    if (mapping.MaximumRetryAttempts !== -1 && mapping.OnFailure === undefined) {
      return { status: 'warn', message: `records that fail ${mapping.MaximumRetryAttempts + 1} time(s) are discarded without a trace: add DestinationConfig.OnFailure (an SQS queue, SNS topic or S3 bucket)` };
    }
    return undefined;
  },
});
