/**
 * The double-counting aggregator, held to the same expectation as windowed-totals:
 * each window must hold the number of its changes.
 */
interface Window {
  shardId: string;
  start: string;
  records: { eventName?: string }[];
}

export default {
  handler: 'handler.ts',
  source: 'dynamodb',
  table: {
    TableName: 'orders',
    KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
    StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  },
  items: { samples: [{ status: 'NEW', total: 3 }, { status: 'PAID', total: 12.5 }, { status: 'SHIPPED', total: 40 }] },
  mapping: {
    StartingPosition: 'TRIM_HORIZON',
    BatchSize: 5,
    TumblingWindowInSeconds: 60,
    MaximumRetryAttempts: 5,
    BisectBatchOnFunctionError: true,
    DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:totals-dlq' } },
  },
  downstream: {
    dynamodb: {
      tables: [{
        TableName: 'window-totals',
        KeySchema: [{ AttributeName: 'window', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'window', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }],
    },
    expect: {
      state: ({ windows }: { windows: Window[] }) => ({
        'window-totals': windows.map((w) => ({
          window: `${w.shardId}#${w.start}`,
          changes: w.records.length,
        })),
      }),
    },
  },
};
