import type { CaseEvidence, Finding } from './evidence.js';
import { defineRule } from './rule.js';

export const producerDuplicates = defineRule({
  id: 'producer-duplicates',
  meaning: "ends in the same downstream state when a Kinesis producer's retry writes a record twice (same partition key and data, a new sequence number) as when it is written once",
  production: 'A PutRecord whose response is lost is sent again by the producer (the SDKs and the KPL retry), so the stream holds the same event twice under two sequence numbers, and a consumer applies it twice unless it deduplicates on something in the data (the sequence number does not help): counters drift, notifications go out twice.',
  fix: 'Deduplicate on a business key in the data (an event id the producer sets, or a digest of partition key and data), not on the sequence number. A raw archive that should keep every record as the stream holds it is right to keep both: leave this rule a warning (the default), or turn it off in rules.',
  judgedBy: "differential state comparison: the stream with the producer's copies against the stream without them, both delivered exactly once (SPEC §6)",
  skip: ({ source }) => (source === 'kinesis' ? undefined : 'producer retries write copies into Kinesis streams only; a DynamoDB stream has one record per change'),
  judgeCase: judgeProducerCopies,
});

/** Fails on what the producer's copies changed under exactly-once delivery (Kinesis only). */
function judgeProducerCopies(evidence: CaseEvidence): Finding | undefined {
  const found = evidence.producerDifferences ?? [];
  const first = found[0];
  if (first === undefined) return undefined;
  return { run: 'copies', message: first.reason, differences: found };
}
