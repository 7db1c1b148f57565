import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * Appends every Kinesis event to an audit table, keyed by partition key and a digest of the data:
 * the event's business identity. A record Lambda delivers twice, and the copy a producer retry
 * writes under a new sequence number, land on the same item; the first write wins. The payload is
 * base64 JSON.
 */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const { partitionKey, sequenceNumber, data } = record.kinesis;
    try {
      const payload = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as unknown;
      await client.send(new PutItemCommand({
        TableName: 'audit',
        Item: {
          partitionKey: { S: partitionKey },
          eventKey: { S: createHash('sha256').update(data).digest('hex') },
          firstSequenceNumber: { S: sequenceNumber },
          payload: { S: JSON.stringify(payload) },
        },
        ConditionExpression: 'attribute_not_exists(eventKey)',
      }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue; // already recorded
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
}
