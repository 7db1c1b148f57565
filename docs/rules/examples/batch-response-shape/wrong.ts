import { ConditionalCheckFailedException, DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamHandler } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.REPLICA_TABLE ?? 'orders-replica';
const item = (image: unknown) => unmarshall(image as Record<string, AttributeValue>, { wrapNumbers: true });

/** Applies one record to the replica, unless a newer version of the item is already there. */
async function apply(record: DynamoDBRecord): Promise<void> {
  const { Keys, NewImage, SequenceNumber } = record.dynamodb!;
  // the sequence number, zero-padded to 40 digits, as a string: string order is numeric order
  const version = SequenceNumber!.padStart(40, '0');
  const newer = {
    ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
    ExpressionAttributeNames: { '#v': 'version' },
    ExpressionAttributeValues: { ':v': version },
  };
  try {
    if (record.eventName === 'REMOVE') await db.send(new DeleteCommand({ TableName: TABLE, Key: item(Keys), ...newer }));
    else await db.send(new PutCommand({ TableName: TABLE, Item: { ...item(NewImage), version }, ...newer }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return; // already applied, or a newer version is there
    throw error;
  }
}

export const handler: DynamoDBStreamHandler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      await apply(record);
    } catch (error) {
      console.error('failed', record.dynamodb?.SequenceNumber, error);
      // the first record: throw, so that Lambda bisects (a partial response at index 0 is retried whole)
      if (index === 0) throw error;
      // report the failed record and everything after it (by eventID: the bug)
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.eventID! })) };
    }
  }
  return { batchItemFailures: [] };
};
