import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'orders-replica';

type Write = () => Promise<unknown>;
const queued: Write[] = [];
let flushTimer: NodeJS.Timeout | undefined;

/** Writes the queued changes in order; an error is logged and the rest carry on. */
async function flush(): Promise<void> {
  flushTimer = undefined;
  for (const write of queued.splice(0)) {
    try {
      await write();
    } catch (error) {
      console.error('replica write failed', error);
    }
  }
}

/**
 * The bug: changes are queued and written by a flush 50 ms later, so that a burst of records costs
 * one round of writes, and the handler returns at once. Lambda freezes the execution environment
 * when the handler returns: the flush runs only if the environment is invoked again, and never for
 * the last batch; its errors reach no one. Lambda has already moved the shard past those records.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const stream = record.dynamodb!;
    queued.push(() => record.eventName === 'REMOVE'
      ? client.send(new DeleteItemCommand({ TableName: table, Key: stream.Keys as never }))
      : client.send(new PutItemCommand({ TableName: table, Item: stream.NewImage as never })));
  }
  flushTimer ??= setTimeout(() => void flush(), 50);
  return { batchItemFailures: [] };
}
