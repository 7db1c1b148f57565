import type { Mapping } from '../src/model/mapping.js';
import type { Source } from '../src/model/types.js';
import type { Finding } from '../src/judge/evidence.js';
import type { Rule } from './rule.js';

const hourSeconds = 3600;

export const mappingConfig: Rule = {
  id: 'mapping-config',
  meaning: 'has a mapping that can work: batchItemFailures only with ReportBatchItemFailures enabled; a way to get past a failing record; somewhere for discarded records to go',
  production: 'Without ReportBatchItemFailures Lambda ignores the batchItemFailures the handler returns, so the failures it reports are treated as successes and lost.',
  fix: 'Set FunctionResponseTypes: ["ReportBatchItemFailures"] on the event source mapping.',
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
  judgeOnce: ({ mapping, source }) => blocksShard(mapping, source) ?? discardsWithoutTrace(mapping),
};

/** With retries that never end, a record that always fails holds its shard until it expires, whatever the handler does. */
function blocksShard(mapping: Mapping, source: Source): Finding | undefined {
  const age = mapping.MaximumRecordAgeInSeconds;
  if (mapping.MaximumRetryAttempts !== -1 || (age !== -1 && age <= hourSeconds)) return undefined;
  const until = age === -1
    ? (source === 'kinesis' ? "until it leaves the stream (the stream's retention period: 24 hours by default, up to 365 days)" : 'until it leaves the stream (24 hours on DynamoDB Streams)')
    : `for up to MaximumRecordAgeInSeconds (${age} s)`;
  const missing = [
    'set a finite MaximumRetryAttempts (e.g. 3)' + (age === -1 ? ' or a MaximumRecordAgeInSeconds of an hour or less' : ''),
    ...(mapping.OnFailure ? [] : ['add DestinationConfig.OnFailure (an SQS queue, SNS topic or S3 bucket) so the records set aside are kept']),
    ...(!mapping.BisectBatchOnFunctionError && !mapping.ReportBatchItemFailures ? ['enable BisectBatchOnFunctionError or ReportBatchItemFailures so that only the failing record is set aside, not its whole batch'] : []),
  ];
  return {
    message: `MaximumRetryAttempts is -1 (retry forever): a record that always fails is retried ${until}, and every record behind it on its shard waits`,
    production: 'One record that keeps failing stops its whole shard: every record behind it waits until the failing one expires, and IteratorAge climbs all the while.',
    fix: `${capitalize(missing.join('; '))}.`,
  };
}

function discardsWithoutTrace(mapping: Mapping): Finding | undefined {
  if (mapping.MaximumRetryAttempts === -1 || mapping.OnFailure !== undefined) return undefined;
  return {
    status: 'warn',
    message: `records that fail ${mapping.MaximumRetryAttempts + 1} time(s) are discarded without a trace: the mapping has no OnFailure destination`,
    production: 'Records that exhaust their retries are dropped, and nothing records which ones: the data is lost silently.',
    fix: 'Add DestinationConfig.OnFailure (an SQS queue, SNS topic or S3 bucket) to the event source mapping.',
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
