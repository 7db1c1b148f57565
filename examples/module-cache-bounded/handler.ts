import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'orders-replica';

/**
 * Each order's rendered receipt, by orderId, with the image it was rendered from: a MODIFY that
 * changes nothing is not rendered again. At most 32 receipts are kept (16 MiB): the least recently
 * used one leaves when a 33rd comes in, so the environment's memory stops growing.
 */
const receipts = new Map<string, { image: string; pdf: Buffer }>();
const maxReceipts = 32;

/** Stands in for a PDF library: like one, it returns about half a MiB a receipt (a page with its embedded font and logo). */
const template = Buffer.alloc(512 * 1024, 'font+logo ');
function renderReceipt(image: string): Buffer {
  const pdf = Buffer.from(template);
  pdf.write(image, 0);
  return pdf;
}

function receiptOf(orderId: string, image: Record<string, AttributeValue>): Buffer {
  const text = JSON.stringify(image);
  const cached = receipts.get(orderId);
  // taken out and put back: a Map iterates in insertion order, so its first key is the least recently used
  receipts.delete(orderId);
  const pdf = cached?.image === text ? cached.pdf : renderReceipt(text);
  receipts.set(orderId, { image: text, pdf });
  if (receipts.size > maxReceipts) receipts.delete(receipts.keys().next().value!);
  return pdf;
}

/**
 * The orders replica, each order with the size of its rendered receipt: records in order, version-guarded
 * conditional writes, failures reported from the failed record on (thrown at the first record, so
 * that Lambda bisects).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const stream = record.dynamodb!;
    const orderId = stream.Keys!.orderId!.S!;
    const version = stream.SequenceNumber!.padStart(40, '0');
    const guard = {
      ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': { S: version } },
    };
    try {
      if (record.eventName === 'REMOVE') {
        receipts.delete(orderId);
        await client.send(new DeleteItemCommand({ TableName: table, Key: stream.Keys as Record<string, AttributeValue>, ...guard }));
      } else {
        const image = stream.NewImage as Record<string, AttributeValue>;
        const pdf = receiptOf(orderId, image);
        const receipt = { M: { bytes: { N: String(pdf.length) } } };
        await client.send(new PutItemCommand({ TableName: table, Item: { ...image, receipt, version: { S: version } }, ...guard }));
      }
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue; // a newer version is already there
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
