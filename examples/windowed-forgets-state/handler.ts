import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

interface WindowEvent extends DynamoDBStreamEvent {
  window: { start: string; end: string };
  state: { changes?: number; inserts?: number; removes?: number };
  shardId: string;
  isFinalInvokeForWindow: boolean;
}

/**
 * The bug: written like an ordinary stream consumer, it answers with batchItemFailures only.
 * With TumblingWindowInSeconds a response without `state` is a failed invocation, so every batch
 * is retried until it is discarded, and the window's count is never carried forward.
 */
export async function handler(event: WindowEvent): Promise<DynamoDBBatchResponse> {
  const state = {
    changes: (event.state.changes ?? 0) + event.Records.length,
    inserts: (event.state.inserts ?? 0) + event.Records.filter((r) => r.eventName === 'INSERT').length,
    removes: (event.state.removes ?? 0) + event.Records.filter((r) => r.eventName === 'REMOVE').length,
  };
  if (event.isFinalInvokeForWindow) {
    await client.send(new PutItemCommand({
      TableName: 'window-totals',
      Item: { window: { S: `${event.shardId}#${event.window.start}` }, changes: { N: String(state.changes) }, inserts: { N: String(state.inserts) }, removes: { N: String(state.removes) } },
    }));
  }
  return { batchItemFailures: [] };
}
