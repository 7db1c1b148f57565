import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';

// the handler does its own retrying, with a back-off it controls
const client = new DynamoDBClient({ maxAttempts: 1 });
const table = process.env.REPLICA_TABLE ?? 'orders-replica';
const retryable = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError', 'ServiceUnavailable']);

/**
 * Retries throttling and server errors with exponential back-off (200 ms, 400 ms, 800 ms), as long
 * as the sleep leaves a second of the function's time; any other error, or no time left, is thrown.
 */
async function withBackoff<T>(context: Context, send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const delay = 200 * 2 ** attempt;
      if (!retryable.has((error as Error).name) || attempt === 3 || context.getRemainingTimeInMillis() < delay + 1_000) throw error;
      await sleep(delay);
    }
  }
}

/**
 * The orders replica of orders-projection (sequential, version-guarded conditional writes, failures
 * reported from the failed record on, a failing first record thrown so that Lambda bisects), with
 * a back-off loop of its own around each write. Its sleeps pass in virtual time during the check.
 */
export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const stream = record.dynamodb!;
    const version = stream.SequenceNumber!.padStart(40, '0');
    const guard = {
      ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': { S: version } },
    };
    try {
      await withBackoff(context, () => record.eventName === 'REMOVE'
        ? client.send(new DeleteItemCommand({ TableName: table, Key: stream.Keys as never, ...guard }))
        : client.send(new PutItemCommand({ TableName: table, Item: { ...(stream.NewImage as never), version: { S: version } }, ...guard })));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue; // a newer version is already there
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
