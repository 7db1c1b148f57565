import type { DynamoDBRecord } from 'aws-lambda';
import { sourceKeyOf, sourceRecords } from '../../src/core/record-key.js';
import type { StreamRecord } from '../../src/model/types.js';
import type { CaseEvidence } from '../evidence.js';

/** A record the mapping's FilterCriteria dropped: it never reached the handler nor a destination. */
export interface FilteredRecord {
  key: string;
  /** What the record was, for a sentence: `REMOVE record written by TTL expiry`, `MODIFY record`, `record` (Kinesis). */
  change: string;
  /** A field the record lacks that a filter tests with `anything-but`, when that alone is why it was dropped, and that filter's pattern for records without it. */
  lacks?: { field: string[]; without: string };
}

/** The records of these source keys that the mapping's filter dropped, in stream order. */
export function filteredRecords(evidence: Pick<CaseEvidence, 'case' | 'mapping' | 'source'>, keys: ReadonlySet<string>): FilteredRecord[] {
  const { filter } = evidence.mapping;
  if (filter === undefined) return [];
  return evidence.case.shards
    .flatMap((shard) => shard.records)
    .map((record) => ({ record, key: sourceKeyOf(record, evidence.source).id }))
    .filter(({ record, key }) => keys.has(key) && !filter(record))
    .map(({ record, key }) => {
      const lacks = filter.absentNegatedField(record);
      return { key, change: change(record, evidence.source), ...(lacks !== undefined && { lacks }) };
    });
}

function change(record: StreamRecord, source: CaseEvidence['source']): string {
  if (source === 'kinesis') return 'record';
  const { eventName, ttl } = sourceRecords.dynamodb.readable(record as DynamoDBRecord);
  return `${eventName} record${ttl ? ' written by TTL expiry' : ''}`;
}
