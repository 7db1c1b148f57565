import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onFailureDelivery, s3Key, type DiscardedRecords } from '../../src/model/on-failure.js';
import { dynamodbAccess, kinesisAccess, prepareShards, type PreparedShard } from '../../src/model/prepare.js';
import { ddb, kinesis, seqs, shardOf, t0 } from '../support/records.js';

/*
 * The invocation records AWS documents for a discarded batch:
 * - DynamoDB: "Retain discarded records for a DynamoDB event source in Lambda",
 *   https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html ("Example Invocation Record")
 * - Kinesis: "Retain discarded batch records for a Kinesis Data Streams event source in Lambda",
 *   https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html ("Example invocation record")
 * Each test below rebuilds the documented batch and expects the documented record, field for field,
 * in the documented order.
 */
const documentedDynamoDB = {
  requestContext: {
    requestId: '316aa6d0-8154-xmpl-9af7-85d5f4a6bc81',
    functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction',
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 1,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2019-11-14T00:13:49.717Z',
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001573689847184-864758bb',
    startSequenceNumber: '800000000003126276362',
    endSequenceNumber: '800000000003126276362',
    approximateArrivalOfFirstRecord: '2019-11-14T00:13:19Z',
    approximateArrivalOfLastRecord: '2019-11-14T00:13:19Z',
    batchSize: 1,
    streamArn: 'arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388',
  },
};

const documentedKinesis = {
  requestContext: {
    requestId: 'c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5',
    functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction',
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 1,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2019-11-14T00:38:06.021Z',
  KinesisBatchInfo: {
    shardId: 'shardId-000000000001',
    startSequenceNumber: '49601189658422359378836298521827638475320189012309704722',
    endSequenceNumber: '49601189658422359378836298522902373528957594348623495186',
    approximateArrivalOfFirstRecord: '2019-11-14T00:38:04.835Z',
    approximateArrivalOfLastRecord: '2019-11-14T00:38:05.580Z',
    batchSize: 500,
    streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/mystream',
  },
};

const sqs = { type: 'sqs' as const, arn: 'arn:aws:sqs:us-east-2:123456789012:dlq' };
const s3 = { type: 's3' as const, arn: 'arn:aws:s3:::failed-batches' };
const mappingUuid = '6b7c2c3e-5f0a-4e7b-9d1a-0c3f2e1d4b5a';
const objectUuid = '0f0e0d0c-0b0a-4090-8070-605040302010';

function documentedDynamoDBShard(): PreparedShard {
  const record = ddb(documentedDynamoDB.DDBStreamBatchInfo.startSequenceNumber, { atMs: Date.parse('2019-11-14T00:13:19Z') });
  record.eventSourceARN = documentedDynamoDB.DDBStreamBatchInfo.streamArn;
  return prepareShards([shardOf([record], documentedDynamoDB.DDBStreamBatchInfo.shardId)], dynamodbAccess)[0]!;
}

/** 500 records from the documented first to the documented last, arriving from .835 to .580 a second later. */
function documentedKinesisShard(): PreparedShard {
  const info = documentedKinesis.KinesisBatchInfo;
  const [first, last] = [Date.parse(info.approximateArrivalOfFirstRecord), Date.parse(info.approximateArrivalOfLastRecord)];
  const records = seqs(499, BigInt(info.startSequenceNumber)).concat(info.endSequenceNumber).map((seq, i) => {
    const record = kinesis(seq, { atMs: i === 499 ? last : first + i, shardId: info.shardId });
    record.eventSourceARN = info.streamArn;
    return record;
  });
  return prepareShards([{ shardId: info.shardId, records }], kinesisAccess)[0]!;
}

function discarded(shard: PreparedShard, overrides: Partial<DiscardedRecords> = {}): DiscardedRecords {
  return {
    shard,
    indexes: shard.records.map((_, i) => i),
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 1,
    requestId: 'req-1',
    functionError: 'Unhandled',
    at: t0,
    ...overrides,
  };
}

describe('onFailureDelivery: the documented invocation records', () => {
  it('DynamoDB Streams: DDBStreamBatchInfo, arrivals to the whole second, as in the AWS example', () => {
    const delivery = onFailureDelivery(
      sqs,
      discarded(documentedDynamoDBShard(), { requestId: documentedDynamoDB.requestContext.requestId, at: Date.parse(documentedDynamoDB.timestamp) }),
      dynamodbAccess,
      documentedDynamoDB.requestContext.functionArn,
      mappingUuid,
      objectUuid,
    );
    expect(delivery).toEqual({ type: 'sqs', arn: sqs.arn, document: documentedDynamoDB });
    expect(JSON.stringify(delivery.document)).toBe(JSON.stringify(documentedDynamoDB));
  });

  it('Kinesis: KinesisBatchInfo, arrivals with milliseconds, as in the AWS example', () => {
    const delivery = onFailureDelivery(
      sqs,
      discarded(documentedKinesisShard(), { requestId: documentedKinesis.requestContext.requestId, at: Date.parse(documentedKinesis.timestamp) }),
      kinesisAccess,
      documentedKinesis.requestContext.functionArn,
      mappingUuid,
      objectUuid,
    );
    expect(delivery.document).toEqual(documentedKinesis);
    expect(JSON.stringify(delivery.document)).toBe(JSON.stringify(documentedKinesis));
  });
});

describe('onFailureDelivery: variants', () => {
  const s = seqs(4);
  const shard = prepareShards([shardOf(s.map((q, i) => ddb(q, { atMs: t0 + i * 1500 + 250 })))], dynamodbAccess)[0]!;
  const deliver = (overrides: Partial<DiscardedRecords>, destination: typeof sqs | typeof s3 = sqs) =>
    onFailureDelivery(destination, discarded(shard, overrides), dynamodbAccess, 'arn:aws:lambda:us-east-1:123456789012:function:f', mappingUuid, objectUuid);

  it('describes only the discarded records: the suffix after partial progress', () => {
    const info = deliver({ indexes: [2, 3], functionError: null }).document.DDBStreamBatchInfo!;
    expect(info).toMatchObject({ startSequenceNumber: s[2], endSequenceNumber: s[3], batchSize: 2 });
    // t0 + 3250 ms and t0 + 4750 ms, cut to the second as DynamoDB reports them
    expect([info.approximateArrivalOfFirstRecord, info.approximateArrivalOfLastRecord]).toEqual(['2026-01-01T00:00:03Z', '2026-01-01T00:00:04Z']);
  });

  it('a partial or invalid response exhausted: functionError null (JSON null, not absent)', () => {
    const document = deliver({ functionError: null }).document;
    expect(document.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: null });
    expect(JSON.stringify(document)).toContain('"functionError":null');
  });

  it('RecordAgeExceeded: requestContext only, no responseContext', () => {
    const document = deliver({ condition: 'RecordAgeExceeded', functionError: undefined, approximateInvokeCount: 3 }).document;
    expect(document.requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: 3 });
    expect(Object.keys(document)).toEqual(['requestContext', 'version', 'timestamp', 'DDBStreamBatchInfo']);
  });

  it('SQS and SNS get metadata only; S3 also gets the discarded records as delivered, under the documented key', () => {
    const at = Date.UTC(2026, 2, 4, 5, 6, 7, 890);
    expect(deliver({ at }, { type: 'sqs', arn: sqs.arn }).document.payload).toBeUndefined();
    expect(deliver({ at }, { type: 'sns' as never, arn: 'arn:aws:sns:us-east-1:123456789012:t' }).document.payload).toBeUndefined();
    const delivery = deliver({ at, indexes: [1, 2] }, s3);
    expect(delivery.document.payload).toEqual({ Records: [shard.records[1], shard.records[2]] });
    expect(delivery.s3Key).toBe(`aws/lambda/${mappingUuid}/${shard.shardId}/2026/03/04/2026-03-04T05.06.07-${objectUuid}`);
  });
});

describe('onFailureDelivery: the batch info describes exactly the discarded records', () => {
  it('for any run of records: first and last sequence numbers and arrivals, the count, at the source\'s precision', () =>
    fc.assert(
      fc.property(
        fc.constantFrom('dynamodb' as const, 'kinesis' as const),
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        (source, gaps, a, b) => {
          let at = t0;
          const arrivals = gaps.map((gap) => (at += gap));
          const s = seqs(gaps.length);
          const shard = source === 'dynamodb'
            ? prepareShards([shardOf(s.map((q, i) => ddb(q, { atMs: arrivals[i] })))], dynamodbAccess)[0]!
            : prepareShards([{ shardId: 'shardId-000000000000', records: s.map((q, i) => kinesis(q, { atMs: arrivals[i] })) }], kinesisAccess)[0]!;
          const [from, to] = [a % gaps.length, b % gaps.length].sort((x, y) => x - y) as [number, number];
          const indexes = Array.from({ length: to - from + 1 }, (_, i) => from + i);
          const access = source === 'dynamodb' ? dynamodbAccess : kinesisAccess;
          const { document } = onFailureDelivery(sqs, discarded(shard, { indexes }), access, 'arn:aws:lambda:us-east-1:123456789012:function:f', mappingUuid, objectUuid);
          const info = document[access.batchInfoKey]!;
          // DynamoDB stream records carry whole seconds; Kinesis records milliseconds
          const shown = (ms: number) => (source === 'dynamodb' ? new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z') : new Date(ms).toISOString());
          expect(info).toEqual({
            shardId: shard.shardId,
            startSequenceNumber: s[from],
            endSequenceNumber: s[to],
            approximateArrivalOfFirstRecord: shown(arrivals[from]!),
            approximateArrivalOfLastRecord: shown(arrivals[to]!),
            batchSize: to - from + 1,
            streamArn: shard.streamArn,
          });
          expect(Object.keys(document).filter((key) => key.endsWith('BatchInfo'))).toEqual([access.batchInfoKey]);
        },
      ),
    ));
});

describe('s3Key', () => {
  it('is aws/lambda/<mapping uuid>/<shardId>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>, in UTC', () => {
    expect(s3Key('m-1', 'shardId-000000000001', Date.UTC(2025, 11, 31, 23, 59, 59, 999), 'u-1')).toBe(
      'aws/lambda/m-1/shardId-000000000001/2025/12/31/2025-12-31T23.59.59-u-1',
    );
  });
});
