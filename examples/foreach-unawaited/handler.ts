import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'orders-replica';

/** One record's change, conditional on its sequence number (left-padded to 40 digits): an older image never overwrites a newer one. */
async function apply(record: DynamoDBRecord): Promise<void> {
  const stream = record.dynamodb!;
  const guard = {
    ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
    ExpressionAttributeNames: { '#v': 'version' },
    ExpressionAttributeValues: { ':v': { S: stream.SequenceNumber!.padStart(40, '0') } },
  };
  try {
    if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: table, Key: stream.Keys as never, ...guard }));
    else await client.send(new PutItemCommand({ TableName: table, Item: { ...(stream.NewImage as never), version: guard.ExpressionAttributeValues[':v'] }, ...guard }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error; // a newer version is already there otherwise
  }
}

/**
 * The bug: Array.prototype.forEach does not wait for an async callback. The handler returns
 * success while its writes are still on their way: a write that fails rejects a promise nothing
 * awaits (Lambda has already moved past the batch, and ends the environment on the unhandled
 * rejection), and writes of an environment frozen before they went out are never made.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  event.Records.forEach(async (record) => {
    await apply(record);
  });
  return { batchItemFailures: [] };
}
