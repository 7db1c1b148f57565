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
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
}

/** One write at a time per item key (records of different keys are written at once), kept across invocations. */
const keyLocks = new Map<string, Promise<void>>();

async function withKeyLock(key: string, write: () => Promise<void>): Promise<void> {
  const before = keyLocks.get(key) ?? Promise.resolve();
  let release!: () => void;
  keyLocks.set(key, before.then(() => new Promise<void>((resolve) => (release = resolve))));
  await before;
  await write();
  // the bug: not in a `finally`. A write that throws never releases its key, so the next delivery
  // of that key (Lambda's retry, in the same warm environment) waits for it until the function times out
  release();
}

export const handler: DynamoDBStreamHandler = async (event) => {
  const failed = new Set<number>();
  await Promise.all(event.Records.map(async (record, index) => {
    try {
      await withKeyLock(JSON.stringify(record.dynamodb!.Keys), () => apply(record));
    } catch (error) {
      console.error('failed', record.dynamodb?.SequenceNumber, error);
      failed.add(index);
    }
  }));
  if (failed.size === 0) return { batchItemFailures: [] };
  const first = Math.min(...failed);
  // the first record: throw, so that Lambda bisects (a partial response at index 0 is retried whole)
  if (first === 0) throw new Error(`record ${event.Records[0]!.dynamodb!.SequenceNumber} failed`);
  return { batchItemFailures: event.Records.slice(first).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
};
