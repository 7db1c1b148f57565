import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * Appends every Kinesis record to an audit table, keyed by partition key and sequence number, so
 * a record delivered twice is written twice to the same item. The payload is base64 JSON.
 */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const { partitionKey, sequenceNumber, data } = record.kinesis;
    try {
      const payload = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as unknown;
      await client.send(new PutItemCommand({
        TableName: 'audit',
        Item: { partitionKey: { S: partitionKey }, sequenceNumber: { S: sequenceNumber.padStart(129, '0') }, payload: { S: JSON.stringify(payload) } },
      }));
    } catch {
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
}
