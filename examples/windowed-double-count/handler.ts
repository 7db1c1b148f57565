import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

interface WindowEvent extends DynamoDBStreamEvent {
  window: { start: string; end: string };
  state: Record<string, unknown>;
  shardId: string;
  isFinalInvokeForWindow: boolean;
}

/**
 * The bug: it counts a window's changes downstream as each batch arrives (ADD), instead of
 * folding them into the window's state and writing once at the end. Every retry, bisected half and
 * duplicate delivery of a batch adds its records again.
 */
export async function handler(event: WindowEvent): Promise<{ state: Record<string, unknown> }> {
  if (event.Records.length > 0) {
    const count = (name: string) => String(event.Records.filter((r) => r.eventName === name).length);
    await client.send(new UpdateItemCommand({
      TableName: 'window-totals',
      Key: { window: { S: `${event.shardId}#${event.window.start}` } },
      UpdateExpression: 'ADD changes :n, inserts :i, removes :r',
      ExpressionAttributeValues: { ':n': { N: String(event.Records.length) }, ':i': { N: count('INSERT') }, ':r': { N: count('REMOVE') } },
    }));
  }
  return { state: event.state };
}
