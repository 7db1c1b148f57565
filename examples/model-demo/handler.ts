import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * A projection consumer as careful teams write it: records in order, stop at the first failure and
 * report it (and everything after it) by sequence number. Its one flaw for this demo: a record whose
 * new image says `status: "POISON"` always fails.
 */
export const projection = new Map<string, unknown>();

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const key = JSON.stringify(record.dynamodb?.Keys);
    try {
      if (record.dynamodb?.NewImage?.status?.S === 'POISON') throw new Error('cannot project a poison order');
      if (record.eventName === 'REMOVE') projection.delete(key);
      else projection.set(key, record.dynamodb?.NewImage ?? record.dynamodb?.Keys);
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
}
