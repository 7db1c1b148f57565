import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * A raw archive of the stream: every record as the stream holds it, keyed by shard and sequence
 * number, written once (a record Lambda delivers again finds its item). A producer retry's copy
 * has a new sequence number, so the archive keeps it as a record of its own: right for an
 * archive of the stream, which is why producer-duplicates only warns.
 */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const { partitionKey, sequenceNumber, data } = record.kinesis;
    try {
      await client.send(new PutItemCommand({
        TableName: 'stream-archive',
        Item: {
          shardId: { S: record.eventID.split(':')[0]! },
          sequenceNumber: { S: sequenceNumber },
          partitionKey: { S: partitionKey },
          data: { S: data },
        },
        ConditionExpression: 'attribute_not_exists(sequenceNumber)',
      }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue; // already archived
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
}
