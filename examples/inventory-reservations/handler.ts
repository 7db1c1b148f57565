import { DynamoDBClient, TransactionCanceledException, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const INVENTORY = process.env.INVENTORY_TABLE ?? 'inventory';
const PROCESSED = process.env.PROCESSED_TABLE ?? 'processed-records';

type Image = Record<string, AttributeValue> | undefined;

/** How much of each SKU the change reserves (positive) or releases (negative): the old line released, the new one reserved. */
function deltas(oldImage: Image, newImage: Image): Map<string, number> {
  const out = new Map<string, number>();
  for (const [image, sign] of [[oldImage, -1], [newImage, 1]] as const) {
    if (!image?.sku?.S || !image.qty?.N) continue;
    out.set(image.sku.S, (out.get(image.sku.S) ?? 0) + sign * Number(image.qty.N));
  }
  return out;
}

/** One update per SKU (a transaction may not touch an item twice); the SKU must be stocked. */
function reservations(changes: Map<string, number>): TransactWriteItem[] {
  return [...changes].filter(([, qty]) => qty !== 0).map(([sku, qty]) => ({
    Update: {
      TableName: INVENTORY,
      Key: { sku: { S: sku } },
      UpdateExpression: 'ADD reserved :qty',
      ConditionExpression: 'attribute_exists(sku)',
      ExpressionAttributeValues: { ':qty': { N: String(qty) } },
    },
  }));
}

/**
 * Keeps the reserved quantity of each SKU in the inventory table (stocked beforehand) in step
 * with the orders: a new order reserves its quantity, a deleted one releases it, a changed one
 * releases the old line and reserves the new. Each record's changes commit in one transaction with
 * a dedup record keyed by its eventID, so a redelivered record reserves nothing twice.
 */
async function apply(record: DynamoDBRecord): Promise<void> {
  const { NewImage, OldImage } = record.dynamodb!;
  const changes = reservations(deltas(OldImage as Image, record.eventName === 'REMOVE' ? undefined : (NewImage as Image)));
  if (changes.length === 0) return;
  try {
    await client.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: PROCESSED, Item: { eventId: { S: record.eventID! } }, ConditionExpression: 'attribute_not_exists(eventId)' } },
        ...changes,
      ],
    }));
  } catch (error) {
    const applied = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
    if (!applied) throw error;
  }
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    try {
      await apply(record);
    } catch (error) {
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
