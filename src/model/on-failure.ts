import type { Mapping } from './mapping.js';
import type { PreparedShard, RecordAccess } from './prepare.js';
import type { Condition, DestinationDelivery, OnFailureDocument } from './types.js';

export interface DiscardedRecords {
  shard: PreparedShard;
  /** Shard record indexes of the discarded records, in order. */
  indexes: readonly number[];
  condition: Condition;
  approximateInvokeCount: number;
  requestId: string;
  /** Set for RetryAttemptsExhausted: "Unhandled" after a function error, null after a partial or invalid response. */
  functionError?: 'Unhandled' | null;
  at: number;
}

/** The OnFailure document of SPEC §3.6, for the configured destination. */
export function onFailureDelivery(
  destination: NonNullable<Mapping['OnFailure']>,
  discarded: DiscardedRecords,
  access: RecordAccess,
  functionArn: string,
  mappingUuid: string,
  objectUuid: string,
): DestinationDelivery {
  const { shard, indexes } = discarded;
  const first = indexes[0]!;
  const last = indexes[indexes.length - 1]!;
  const arrival = access.arrivalPrecision === 'milliseconds' ? isoMillis : isoSeconds;
  const document: OnFailureDocument = {
    requestContext: {
      requestId: discarded.requestId,
      functionArn,
      condition: discarded.condition,
      approximateInvokeCount: discarded.approximateInvokeCount,
    },
    ...(discarded.functionError !== undefined && {
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: discarded.functionError },
    }),
    version: '1.0',
    timestamp: isoMillis(discarded.at),
    [access.batchInfoKey]: {
      shardId: shard.shardId,
      startSequenceNumber: shard.sequenceNumbers[first]!,
      endSequenceNumber: shard.sequenceNumbers[last]!,
      approximateArrivalOfFirstRecord: arrival(shard.arrivals[first]!),
      approximateArrivalOfLastRecord: arrival(shard.arrivals[last]!),
      batchSize: indexes.length,
      streamArn: shard.streamArn,
    },
  };
  if (destination.type !== 's3') return { type: destination.type, arn: destination.arn, document };
  document.payload = { Records: indexes.map((i) => shard.records[i]!) };
  return { type: 's3', arn: destination.arn, document, s3Key: s3Key(mappingUuid, shard.shardId, discarded.at, objectUuid) };
}

function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** DynamoDB reports arrivals to the second: `2026-01-01T00:00:00Z`. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `aws/lambda/<mapping-uuid>/<shardId>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>` */
export function s3Key(mappingUuid: string, shardId: string, at: number, uuid: string): string {
  const iso = new Date(at).toISOString();
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  return `aws/lambda/${mappingUuid}/${shardId}/${date.replaceAll('-', '/')}/${date}T${time.replaceAll(':', '.')}-${uuid}`;
}
