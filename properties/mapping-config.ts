import { withoutField } from '../src/model/filter/index.js';
import type { Mapping } from '../src/model/mapping.js';
import type { Source } from '../src/model/types.js';
import type { Finding } from './evidence.js';
import { defineRule } from './rule.js';

const hourSeconds = 3600;

export const mappingConfig = defineRule({
  id: 'mapping-config',
  meaning: 'has a mapping that can work: batchItemFailures only with ReportBatchItemFailures enabled; a way to get past a failing record; somewhere for discarded records to go; no filter that can match no record',
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
  judgeOnce: ({ mapping, source }) => blocksShard(mapping, source) ?? deadUserIdentityFilter(mapping, source) ?? discardsWithoutTrace(mapping),
});

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

/**
 * A filter that tests userIdentity with `anything-but` (meant as "everything but TTL deletions")
 * matches no record at all: in a DynamoDB stream only TTL deletions carry userIdentity (DynamoDB
 * Developer Guide, "Time to Live: DynamoDB Streams"), and a pattern matches only records that have
 * the fields it names. Seen in the config itself, so said on every seed.
 */
function deadUserIdentityFilter(mapping: Mapping, source: Source): Finding | undefined {
  if (source !== 'dynamodb') return undefined;
  for (const [i, { Pattern }] of mapping.Filters.entries()) {
    const field = negatedUserIdentityField(JSON.parse(Pattern) as unknown);
    if (field === undefined) continue;
    const name = field.join('.');
    return {
      message: `FilterCriteria.Filters[${i}] tests ${name} with anything-but, so it matches no record: only TTL deletions carry userIdentity, and a filter pattern matches only records that have the fields it names`,
      production: 'The records this filter was written to let through (the changes users and applications make) never reach the function, and nothing records that they were dropped.',
      fix: `To let through every record but TTL deletions, test that ${name} is absent instead: ${JSON.stringify({ Pattern: withoutField(Pattern, field) })}.`,
    };
  }
  return undefined;
}

/** What a TTL deletion's userIdentity holds (the only records that carry one). */
const TTL_IDENTITY: Record<string, string> = { principalId: 'dynamodb.amazonaws.com', type: 'Service' };

/**
 * The path of a userIdentity field the pattern tests with an anything-but that excludes the TTL
 * deletion's value, with no `exists: false` beside it: a list no record can match.
 */
function negatedUserIdentityField(pattern: unknown, path: string[] = []): string[] | undefined {
  if (Array.isArray(pattern)) {
    const ttlValue = path.length === 2 && path[0] === 'userIdentity' ? TTL_IDENTITY[path[1]!] : undefined;
    const excludesTtl = pattern.some((m) => {
      const but = typeof m === 'object' && m !== null ? (m as Record<string, unknown>)['anything-but'] : undefined;
      return but === ttlValue || (Array.isArray(but) && but.includes(ttlValue));
    });
    const allowsAbsent = pattern.some((m) => typeof m === 'object' && m !== null && (m as { exists?: unknown }).exists === false);
    return ttlValue !== undefined && excludesTtl && !allowsAbsent ? path : undefined;
  }
  if (typeof pattern !== 'object' || pattern === null) return undefined;
  for (const [name, child] of Object.entries(pattern)) {
    const found = negatedUserIdentityField(child, [...path, name]);
    if (found !== undefined) return found;
  }
  return undefined;
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
