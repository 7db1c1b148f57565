import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * Copies each order's new image to a replica, in stream order, each write conditional on the
 * record's sequence number (left-padded to 40 digits), failures reported from the failed record on.
 * It assumes every record has a NewImage: true under this mapping's filter (INSERT and MODIFY
 * only), false as soon as a filter lets REMOVE records through (see examples/filtered-changes,
 * which runs this same handler).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const { NewImage, SequenceNumber } = record.dynamodb!;
    const version = SequenceNumber!.padStart(40, '0');
    try {
      await client.send(new PutItemCommand({
        TableName: 'orders-replica',
        Item: { ...NewImage!, version: { S: version } } as never,
        ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': { S: version } },
      }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue; // a newer version is already there
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
