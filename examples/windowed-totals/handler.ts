import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

interface WindowEvent extends DynamoDBStreamEvent {
  window: { start: string; end: string };
  state: { changes?: number; inserts?: number; removes?: number };
  shardId: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

type Totals = Required<WindowEvent['state']>;

/**
 * Counts a table's changes per tumbling window. Batches only fold their records into the state
 * Lambda carries between invocations (a retry replays the batch with the state from before it);
 * the window's final invocation writes the totals once, with a put keyed by shard and window, so
 * a retried final invocation writes the same item again.
 */
export async function handler(event: WindowEvent): Promise<{ state: Totals }> {
  const state: Totals = { changes: 0, inserts: 0, removes: 0, ...event.state };
  if (!event.isFinalInvokeForWindow) return { state: event.Records.reduce(count, state) };
  await client.send(new PutItemCommand({
    TableName: 'window-totals',
    Item: {
      window: { S: `${event.shardId}#${event.window.start}` },
      changes: { N: String(state.changes) },
      inserts: { N: String(state.inserts) },
      removes: { N: String(state.removes) },
    },
  }));
  return { state: {} as Totals };
}

function count(totals: Totals, record: DynamoDBRecord): Totals {
  return {
    changes: totals.changes + 1,
    inserts: totals.inserts + (record.eventName === 'INSERT' ? 1 : 0),
    removes: totals.removes + (record.eventName === 'REMOVE' ? 1 : 0),
  };
}
