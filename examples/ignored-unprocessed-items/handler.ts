import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * The bug: the batch is written with one BatchWriteItem (the last image of each key wins), and
 * UnprocessedItems in the response is never looked at, so throttled entries are silently lost.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const latest = new Map<string, { PutRequest: { Item: never } } | { DeleteRequest: { Key: never } }>();
  for (const record of event.Records) {
    const { Keys, NewImage } = record.dynamodb!;
    latest.set(JSON.stringify(Keys), record.eventName === 'REMOVE' ? { DeleteRequest: { Key: Keys as never } } : { PutRequest: { Item: NewImage as never } });
  }
  const writes = [...latest.values()];
  for (let i = 0; i < writes.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { 'orders-replica': writes.slice(i, i + 25) } }));
  }
}
