import { describe, expect, it } from 'vitest';
import { compileFilterCriteria, MAX_FILTERS } from '../../../src/model/filter/index.js';
import { MappingError } from '../../../src/model/mapping-error.js';
import { errorFor } from './errors.js';
import { customerRecord, ddbPasses, kinesisRecord } from './records.js';

const withTotal = customerRecord({ total: { N: '5' }, status: { S: 'DONE' } });

describe('compileFilterCriteria: the filter list', () => {
  it('allows at most 5 filters', () => {
    const filters = Array.from({ length: 6 }, () => ({ Pattern: '{"eventName":["INSERT"]}' }));
    expect(errorFor({ Filters: filters }).message).toBe(
      'FilterCriteria.Filters: allows at most 5 filters, got 6; merge patterns with value lists, e.g. {"eventName": ["INSERT", "MODIFY"]}',
    );
    expect(compileFilterCriteria({ Filters: filters.slice(1) }, 'dynamodb')).toBeTypeOf('function');
  });

  it('rejects a Filters value that is not a list, and a filter that is not an object', () => {
    expect(errorFor({ Filters: { Pattern: '{}' } }).message).toMatch(/^FilterCriteria\.Filters: must be a list of \{ Pattern/);
    expect(errorFor({ Filters: ['{"eventName":["INSERT"]}'] }).message).toMatch(/^FilterCriteria\.Filters\[0\]: must be \{ Pattern/);
  });

  it('uses the caller’s path prefix', () => {
    try {
      compileFilterCriteria({ Filters: [{ Pattern: '{' }] }, 'kinesis', 'mapping.FilterCriteria');
      expect.unreachable();
    } catch (error) {
      expect((error as MappingError).path).toBe('mapping.FilterCriteria.Filters[0].Pattern');
    }
  });

  it('compiles nothing when there is nothing to filter', () => {
    expect(compileFilterCriteria(undefined, 'dynamodb')).toBeUndefined();
    expect(compileFilterCriteria({}, 'dynamodb')).toBeUndefined();
    expect(compileFilterCriteria({ Filters: [] }, 'kinesis')).toBeUndefined();
  });

  it('treats a null Filters as no filter, and refuses criteria that are not an object', () => {
    expect(compileFilterCriteria({ Filters: null } as never, 'dynamodb')).toBeUndefined();
    expect(compileFilterCriteria(null as never, 'dynamodb')).toBeUndefined();
    expect(errorFor('{"eventName":["INSERT"]}').message).toBe(
      'FilterCriteria: must be { Filters: [{ Pattern: "<JSON>" }] }, got "{\\"eventName\\":[\\"INSERT\\"]}"',
    );
    expect(errorFor([{ Pattern: '{}' }]).path).toBe('FilterCriteria');
  });

  it('is Lambda\'s default quota of 5', () => {
    expect(MAX_FILTERS).toBe(5);
  });

  it('names the filter and the field of a pattern problem: "<path>.Filters[i].Pattern: <problem> (at <field>)"', () => {
    const error = errorFor({ Filters: [{ Pattern: '{"a": ["x"]}' }, { Pattern: '{"a": ["x"]}' }, { Pattern: '{"b": {"c": [{"exists": 1}]}}' }] }, 'kinesis');
    expect(error).toBeInstanceOf(MappingError);
    expect(error.path).toBe('FilterCriteria.Filters[2].Pattern');
    expect(error.message).toBe('FilterCriteria.Filters[2].Pattern: "exists" needs true or false, got 1 (at b.c)');
  });
});

describe('compileFilterCriteria: the compiled filter', () => {
  it('gives a data key no special meaning for DynamoDB', () => {
    expect(ddbPasses(withTotal, { data: [{ exists: false }] })).toBe(true);
  });


  it('passes a record that matches any one filter, for Kinesis as for DynamoDB', () => {
    const filters = { Filters: [{ Pattern: '{"data": {"t": [1]}}' }, { Pattern: '{"kinesis": {"partitionKey": ["p2"]}}' }] };
    const filter = compileFilterCriteria(filters, 'kinesis')!;
    expect([kinesisRecord({ t: 1 }, 'p1'), kinesisRecord({ t: 2 }, 'p2'), kinesisRecord({ t: 2 }, 'p1')].map(filter)).toEqual([true, true, false]);
    expect(ddbPasses(withTotal, { eventName: ['REMOVE'] }, { eventName: ['INSERT'] })).toBe(true);
  });

  it('passes a Kinesis record on its metadata alone when no filter names data', () => {
    const notJson = kinesisRecord(Buffer.from('not json'));
    const filter = compileFilterCriteria({ Filters: [{ Pattern: '{"eventSource": ["aws:kinesis"]}' }] }, 'kinesis')!;
    expect(filter(notJson)).toBe(true);
  });

  it('decodes the Kinesis payload only for a filter that names data at the top', () => {
    const record = kinesisRecord({ data: { t: 1 } });
    // "kinesis.data" is the base64 string: a nested "data" is no request to decode
    expect(compileFilterCriteria({ Filters: [{ Pattern: '{"kinesis": {"data": {"t": [1]}}}' }] }, 'kinesis')!(record)).toBe(false);
    expect(compileFilterCriteria({ Filters: [{ Pattern: '{"data": {"data": {"t": [1]}}}' }] }, 'kinesis')!(record)).toBe(true);
  });
});

describe('compileFilterCriteria: why a record matched no filter', () => {
  const criteria = (...patterns: unknown[]) => ({ Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) });
  const notTtl = { userIdentity: { principalId: [{ 'anything-but': ['dynamodb.amazonaws.com'] }] } };

  it('names the field an anything-but tests when the record lacks it and nothing else fails', () => {
    const filter = compileFilterCriteria(criteria(notTtl), 'dynamodb')!;
    expect(filter(customerRecord())).toBe(false);
    expect(filter.absentNegatedField(customerRecord())).toEqual({ field: ['userIdentity', 'principalId'], without: '{"userIdentity":{"principalId":[{"exists":false}]}}' });
    // the rest of the filter is kept: only the field's list changes
    const modified = compileFilterCriteria(criteria({ eventName: ['INSERT'], ...notTtl }), 'dynamodb')!;
    expect(modified.absentNegatedField(customerRecord())?.without).toBe('{"eventName":["INSERT"],"userIdentity":{"principalId":[{"exists":false}]}}');
    expect(compileFilterCriteria(criteria({ eventName: ['INSERT'], userIdentity: { principalId: [{ exists: false }] } }), 'dynamodb')!(customerRecord())).toBe(true);
    const kinesis = compileFilterCriteria(criteria({ data: { kind: [{ 'anything-but': { prefix: 'heartbeat' } }] } }), 'kinesis')!;
    expect(kinesis.absentNegatedField(kinesisRecord({ reading: 1 }))?.field).toEqual(['data', 'kind']);
  });

  it('names nothing when another field fails too, the field is there, or the operator is no negation', () => {
    const both = compileFilterCriteria(criteria({ eventName: ['MODIFY'], ...notTtl }), 'dynamodb')!;
    expect(both.absentNegatedField(customerRecord())).toBeUndefined();
    const expired = { ...customerRecord({}, 'REMOVE'), userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };
    expect(compileFilterCriteria(criteria(notTtl), 'dynamodb')!.absentNegatedField(expired)).toBeUndefined();
    expect(compileFilterCriteria(criteria({ userIdentity: { type: ['Service'] } }), 'dynamodb')!.absentNegatedField(customerRecord())).toBeUndefined();
  });
});
