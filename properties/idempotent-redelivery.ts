import type { KinesisStreamRecord } from 'aws-lambda';
import type { ProducerRetry } from '../generators/producer-retry.js';
import type { Shard } from '../src/model/types.js';
import { defineRule } from './rule.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';

export const idempotentRedelivery = defineRule({
  id: 'idempotent-redelivery',
  meaning: 'ends in the same downstream state under at-least-once delivery (retries, partial-batch suffixes, bisected halves, duplicates, timeouts after partial work, cold starts) as under exactly-once delivery',
  production: 'Lambda delivers records more than once (retries, bisection, poller duplicates), so a non-idempotent effect is applied twice: counters drift, messages are sent again, rows are duplicated.',
  fix: 'Make each effect idempotent: a conditional write on the record’s sequence number (stored left-padded to 40 digits as a string, or compared as BigInt), a dedup record in the same TransactWriteItems, or message deduplication ids derived from the record (eventID or sequence number), never from random values.',
  judgedBy: 'differential state comparison (SPEC §6)',
  skip: differentialSkip,
  attributions: [{
    precedence: 4,
    /** A Kinesis producer retry's copy applied as a new record. */
    attribute(d, { advShards, retries }) {
      const copied = producerCopyOf(d.keys, advShards, retries);
      return copied && `a producer retry wrote the data of record ${copied} again under a new sequence number, and the consumer applied it twice: deduplicate on a business key in the data, not on the sequence number`;
    },
  }, {
    precedence: 6,
    /** Whatever no more specific rule explains: an effect applied twice, lost or changed by redelivery. */
    attribute(d) {
      if (d.kind === 'extra') return 'an effect was applied more than once when records were delivered again';
      if (d.kind === 'missing') return 'an effect went missing when records were delivered more than once';
      return 'redelivered records left a different value than exactly-once delivery';
    },
  }],
  judgeCase: (evidence) => judgeDifferences('idempotent-redelivery', evidence),
});

/** The original of a producer retry's copy that belongs to one of the keys. */
function producerCopyOf(keys: string[], shards: Shard[], retries: readonly ProducerRetry[]): string | undefined {
  for (const retry of retries) {
    const shard = shards.find((s) => s.shardId === retry.shardId);
    const record = shard?.records.find((r) => (r as KinesisStreamRecord).kinesis.sequenceNumber === retry.original) as KinesisStreamRecord | undefined;
    if (record && keys.includes(record.kinesis.partitionKey)) return retry.original;
  }
  return undefined;
}
