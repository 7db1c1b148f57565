import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

interface WindowEvent extends DynamoDBStreamEvent {
  window: { start: string; end: string };
  state: { changes?: number };
  shardId: string;
  isFinalInvokeForWindow: boolean;
}

/**
 * The bug: written like an ordinary stream consumer, it answers with batchItemFailures only.
 * With TumblingWindowInSeconds a response without `state` is a failed invocation, so every batch
 * is retried until it is discarded, and the window's count is never carried forward.
 */
export async function handler(event: WindowEvent): Promise<DynamoDBBatchResponse> {
  const changes = (event.state.changes ?? 0) + event.Records.length;
  if (event.isFinalInvokeForWindow) {
    await client.send(new PutItemCommand({
      TableName: 'window-totals',
      Item: { window: { S: `${event.shardId}#${event.window.start}` }, changes: { N: String(changes) } },
    }));
  }
  return { batchItemFailures: [] };
}
