import { describe, expect, it } from 'vitest';
import { classify, describeThrown } from '../../src/model/classify.js';

// How Lambda reads a stream function's response, from "Configuring partial batch response"
// (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html, and
// services-kinesis-batchfailurereporting.html for Kinesis): an empty or null batchItemFailures list, an empty or
// null response is a complete success; an empty-string or null itemIdentifier or a bad key name makes the whole
// batch a failure; with several failures Lambda checkpoints before the lowest sequence number. A sequence number
// that is not in the batch is read the same way as a bad identifier (SPEC §3.3).

const batch = ['100', '200', '300'];
const read = (value: unknown, reportBatchItemFailures = true) => classify({ kind: 'return', value }, batch, reportBatchItemFailures, 3000);

describe('classify: what Lambda makes of the function result', () => {
  it.each([
    ['no response', undefined],
    ['null', null],
    ['an empty string', ''],
    ['an empty array', []],
    ['an object without batchItemFailures', { ok: true }],
    ['batchItemFailures null', { batchItemFailures: null }],
    ['batchItemFailures empty', { batchItemFailures: [] }],
  ])('complete success: %s', (_, value) => {
    expect(read(value).outcome).toBe('success');
  });

  it('the lowest reported record is where the batch is retried from, in any order of the list', () => {
    expect(read({ batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] })).toEqual({ outcome: 'partial', failureIndex: 1, response: { batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] } });
  });

  it.each([
    ['an empty-string itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }, /^batchItemFailures\[0\]\.itemIdentifier is an empty string, not a sequence number string$/],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }, /^batchItemFailures\[0\]\.itemIdentifier is null/],
    ['a bad key name', { batchItemFailures: [{ itemIdentifer: '100' }] }, /^batchItemFailures\[0\] has no itemIdentifier$/],
    ['a sequence number not in the batch', { batchItemFailures: [{ itemIdentifier: '100' }, { itemIdentifier: '999' }] }, /^batchItemFailures\[1\]\.itemIdentifier "999" is not the sequence number of a record in this batch$/],
    ['a number instead of the string', { batchItemFailures: [{ itemIdentifier: 100 }] }, /^batchItemFailures\[0\]\.itemIdentifier is the number 100/],
    ['batchItemFailures not an array', { batchItemFailures: { itemIdentifier: '100' } }, /^batchItemFailures is an object, not an array$/],
    ['a non-empty array', [{ itemIdentifier: '100' }], /^the response is a non-empty array/],
    ['a string', 'failed', /^the response is the string "failed"/],
  ])('the whole batch fails: %s', (_, value, error) => {
    const c = read(value);
    expect(c.outcome).toBe('invalid-response');
    expect(c.error).toMatch(error);
  });

  it('without ReportBatchItemFailures the response is not read: success', () => {
    expect(read({ batchItemFailures: [{ itemIdentifier: '' }] }, false)).toEqual({ outcome: 'success', response: { batchItemFailures: [{ itemIdentifier: '' }] } });
  });

  it('the response as Lambda serialized it: a JSON round trip', () => {
    expect(read({ at: new Date(0), gone: undefined }, false).response).toEqual({ at: '1970-01-01T00:00:00.000Z' });
  });

  it('a response that cannot be serialized fails the invocation as the runtime does', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(read(circular)).toMatchObject({ outcome: 'function-error', error: expect.stringMatching(/^Runtime\.UnmarshalError: the response cannot be serialized to JSON/) });
  });

  it('a timeout reads as Lambda reports it, with the harness reason when there is one', () => {
    expect(classify({ kind: 'timeout' }, batch, true, 3000)).toEqual({ outcome: 'timeout', error: 'Task timed out after 3.00 seconds' });
    expect(classify({ kind: 'timeout', reason: 'a pending promise nothing can settle' }, batch, true, 900_500).error).toBe('Task timed out after 900.50 seconds (a pending promise nothing can settle)');
  });

  it('a throw is a function error named as the Node.js runtime names it', () => {
    expect(classify({ kind: 'throw', error: new TypeError('x is undefined') }, batch, true, 3000)).toEqual({ outcome: 'function-error', error: 'TypeError: x is undefined' });
    expect(describeThrown({ code: 42 })).toBe('non-Error thrown: {"code":42}');
    expect(describeThrown(undefined)).toBe('non-Error thrown: undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeThrown(circular)).toBe('non-Error thrown: [object Object]');
  });
});
