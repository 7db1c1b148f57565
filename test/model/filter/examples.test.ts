import { describe, expect, it } from 'vitest';
import { customerRecord, ddbPasses, kinesisPasses, kinesisRecord } from './records.js';

describe('FilterCriteria: documented DynamoDB examples', () => {
  it('filters on the event name', () => {
    expect(ddbPasses(customerRecord(), { eventName: ['INSERT'] })).toBe(true);
    expect(ddbPasses(customerRecord({}, 'REMOVE'), { eventName: ['INSERT', 'MODIFY'] })).toBe(false);
  });

  it('filters on a table key, with its type key', () => {
    expect(ddbPasses(customerRecord(), { dynamodb: { Keys: { CustomerName: { S: ['AnyCompany Industries'] } } } })).toBe(true);
    expect(ddbPasses(customerRecord(), { dynamodb: { Keys: { CustomerName: { S: ['Other Inc'] } } } })).toBe(false);
  });

  it('filters on a NewImage attribute, any of several values', () => {
    const pattern = { dynamodb: { NewImage: { AccountManager: { S: ['Pat Candella', 'Shirley Rodriguez'] } } } };
    expect(ddbPasses(customerRecord(), pattern)).toBe(true);
    expect(ddbPasses(customerRecord({ AccountManager: { S: 'Shirley Rodriguez' } }), pattern)).toBe(true);
    expect(ddbPasses(customerRecord({ AccountManager: { S: 'Terry Whitlock' } }), pattern)).toBe(false);
  });

  it('filters on a status attribute', () => {
    const pattern = { dynamodb: { NewImage: { status: { S: ['DONE'] } } } };
    expect(ddbPasses(customerRecord({ status: { S: 'DONE' } }), pattern)).toBe(true);
    expect(ddbPasses(customerRecord({ status: { S: 'NEW' } }), pattern)).toBe(false);
  });

  it('filters keys by prefix and suffix', () => {
    expect(ddbPasses(customerRecord(), { dynamodb: { Keys: { CustomerName: { S: [{ prefix: 'A' }] } } } })).toBe(true);
    expect(ddbPasses(customerRecord(), { dynamodb: { Keys: { CustomerName: { S: [{ prefix: 'B' }] } } } })).toBe(false);
    expect(ddbPasses(customerRecord(), { dynamodb: { Keys: { CustomerName: { S: [{ suffix: 'Industries' }] } } } })).toBe(true);
  });

  it('filters ApproximateCreationDateTime numerically, since it is a JSON number', () => {
    const at = 1678831218;
    expect(ddbPasses(customerRecord(), { dynamodb: { ApproximateCreationDateTime: [{ numeric: ['>=', at] }] } })).toBe(true);
    expect(ddbPasses(customerRecord(), { dynamodb: { ApproximateCreationDateTime: [{ numeric: ['>', at - 10, '<=', at] }] } })).toBe(true);
    expect(ddbPasses(customerRecord(), { dynamodb: { ApproximateCreationDateTime: [{ numeric: ['<', at] }] } })).toBe(false);
    expect(ddbPasses(customerRecord(), { dynamodb: { ApproximateCreationDateTime: [{ numeric: ['=', at] }] } })).toBe(true);
  });

  it('tests existence of a list element through its type keys, as the docs show for "Organizations"', () => {
    const record = customerRecord({ Organizations: { L: [{ S: 'Sales' }, { S: 'Support' }] } });
    expect(ddbPasses(record, { dynamodb: { NewImage: { Organizations: { L: { S: [{ exists: true }] } } } } })).toBe(true);
    expect(ddbPasses(record, { dynamodb: { NewImage: { Organizations: [{ exists: true }] } } })).toBe(false);
    expect(ddbPasses(record, { dynamodb: { NewImage: { Organizations: { L: { S: ['Support'] } } } } })).toBe(true);
  });

  it('passes a record that matches any of the filters', () => {
    const record = customerRecord({}, 'MODIFY');
    expect(ddbPasses(record, { eventName: ['INSERT'] }, { dynamodb: { Keys: { CustomerName: { S: ['AnyCompany Industries'] } } } })).toBe(true);
    expect(ddbPasses(record, { eventName: ['INSERT'] }, { eventName: ['REMOVE'] })).toBe(false);
  });

  it('requires every field of one filter', () => {
    const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { PaymentTerms: { S: ['30 days'] } } } };
    expect(ddbPasses(customerRecord(), pattern)).toBe(false);
    expect(ddbPasses(customerRecord({ PaymentTerms: { S: '30 days' } }), pattern)).toBe(true);
  });
});

describe('FilterCriteria: documented Kinesis examples', () => {
  const order = { record: 12345, order: { type: 'buy', stock: 'ANYCO', quantity: 1000 } };

  it('filters on the decoded data', () => {
    expect(kinesisPasses(kinesisRecord(order), { data: { order: { type: ['buy'] } } })).toBe(true);
    expect(kinesisPasses(kinesisRecord({ ...order, order: { ...order.order, type: 'sell' } }), { data: { order: { type: ['buy'] } } })).toBe(false);
  });

  it('compares numbers in the data numerically', () => {
    const hot = { data: { temperature: [{ numeric: ['>', 30] }] } };
    expect(kinesisPasses(kinesisRecord({ temperature: 31.5 }), hot)).toBe(true);
    expect(kinesisPasses(kinesisRecord({ temperature: 30 }), hot)).toBe(false);
    expect(kinesisPasses(kinesisRecord({ temperature: '35' }), hot)).toBe(false);
  });

  it('hands the handler the record untouched, data still base64', () => {
    const record = kinesisRecord(order);
    const before = structuredClone(record);
    kinesisPasses(record, { data: { order: { type: ['buy'] } } });
    expect(record).toEqual(before);
  });
});
