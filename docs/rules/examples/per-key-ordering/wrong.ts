import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamHandler } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.REPLICA_TABLE ?? 'orders-replica';
const item = (image: unknown) => unmarshall(image as Record<string, AttributeValue>, { wrapNumbers: true });

/** Applies one record to the replica, unconditionally. */
async function apply(record: DynamoDBRecord): Promise<void> {
  const { Keys, NewImage } = record.dynamodb!;
  if (record.eventName === 'REMOVE') await db.send(new DeleteCommand({ TableName: TABLE, Key: item(Keys) }));
  else await db.send(new PutCommand({ TableName: TABLE, Item: item(NewImage) }));
}

export const handler: DynamoDBStreamHandler = async (event) => {
  // the bug: every record of the batch at once; when two changes of one order are in the batch,
  // whichever write lands last wins, sometimes the older one
  await Promise.all(event.Records.map(apply));
};
