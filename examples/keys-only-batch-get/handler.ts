import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient, type AttributeValue, type KeysAndAttributes, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const db = new DynamoDBClient({});
const ORDERS = process.env.ORDERS_TABLE ?? 'orders';
const REPLICA = process.env.REPLICA_TABLE ?? 'orders-replica';
type Key = Record<string, AttributeValue>;
const id = (key: Key) => key.orderId!.S!;

/** Reads every key, asking again for the keys DynamoDB left unprocessed (a throttled batch read). */
async function readAll(keys: Key[]): Promise<Map<string, Key>> {
  const found = new Map<string, Key>();
  let pending: KeysAndAttributes | undefined = { Keys: keys, ConsistentRead: true };
  for (let attempt = 0; pending?.Keys?.length; attempt++) {
    if (attempt > 5) throw new Error('BatchGetItem kept returning UnprocessedKeys');
    const out = await db.send(new BatchGetItemCommand({ RequestItems: { [ORDERS]: pending } }));
    for (const item of out.Responses?.[ORDERS] ?? []) found.set(id(item), item);
    pending = out.UnprocessedKeys?.[ORDERS];
  }
  return found;
}

/** Writes every request, sending again the ones DynamoDB left unprocessed. */
async function writeAll(writes: WriteRequest[]): Promise<void> {
  let pending = writes;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 5) throw new Error('BatchWriteItem kept returning UnprocessedItems');
    const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [REPLICA]: pending } }));
    pending = out.UnprocessedItems?.[REPLICA] ?? [];
  }
}

/**
 * A KEYS_ONLY replica, batched: one BatchGetItem for the batch's distinct orders (the source
 * table as it is now), then puts for the orders found and deletes for the ones gone. Any
 * failure fails the whole batch, which the replica can take: every write copies the current item.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const keys = new Map(event.Records.map((r) => [id(r.dynamodb!.Keys as Key), r.dynamodb!.Keys as Key]));
  for (let i = 0; i < keys.size; i += 100) {
    const chunk = [...keys.values()].slice(i, i + 100);
    const found = await readAll(chunk);
    const writes = chunk.map((key): WriteRequest => (found.has(id(key)) ? { PutRequest: { Item: found.get(id(key))! } } : { DeleteRequest: { Key: key } }));
    for (let w = 0; w < writes.length; w += 25) await writeAll(writes.slice(w, w + 25));
  }
  return { batchItemFailures: [] };
}
