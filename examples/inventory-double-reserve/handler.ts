import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const INVENTORY = process.env.INVENTORY_TABLE ?? 'inventory';

type Image = Record<string, AttributeValue> | undefined;

/** Reserves (positive) or releases (negative) an order's quantity of its SKU; the SKU must be stocked. */
async function reserve(image: Image, sign: 1 | -1): Promise<void> {
  if (!image?.sku?.S || !image.qty?.N) return;
  await client.send(new UpdateItemCommand({
    TableName: INVENTORY,
    Key: { sku: { S: image.sku.S } },
    UpdateExpression: 'ADD reserved :qty',
    ConditionExpression: 'attribute_exists(sku)',
    ExpressionAttributeValues: { ':qty': { N: String(sign * Number(image.qty.N)) } },
  }));
}

/**
 * Keeps the reserved quantity of each SKU in step with the orders. The bug: the updates are not
 * idempotent. A record delivered again (a retried batch, the records after a reported failure)
 * reserves or releases its quantity again, and the stock drifts.
 */
async function apply(record: DynamoDBRecord): Promise<void> {
  const { NewImage, OldImage } = record.dynamodb!;
  await reserve(OldImage as Image, -1);
  if (record.eventName !== 'REMOVE') await reserve(NewImage as Image, 1);
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
