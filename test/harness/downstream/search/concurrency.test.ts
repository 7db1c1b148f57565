import { describe, expect, it } from 'vitest';
import { concurrencyOf, parseLong, type ConcurrencyParams } from '../../../../src/harness/downstream/search/concurrency.js';
import { SearchFailure, type SearchError } from '../../../../src/harness/downstream/search/search-error.js';

/**
 * The guards of a write: `if_seq_no` + `if_primary_term`
 * (https://www.elastic.co/guide/en/elasticsearch/reference/current/optimistic-concurrency-control.html)
 * or an external version (https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-index_.html#index-versioning),
 * and the request validation the engines apply to them (DocWriteRequest.validateSeqNoBasedCASParams and
 * the IndexRequest / DeleteRequest setters in the Elasticsearch source, which OpenSearch shares).
 */
function refusal(run: () => unknown): SearchError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SearchFailure);
    return (err as SearchFailure).error;
  }
  throw new Error('accepted');
}

const guard = (params: ConcurrencyParams, op: 'index' | 'create' | 'delete' | 'update' = 'index') => concurrencyOf(params, 'query', op);

describe('parseLong', () => {
  it('reads the whole long range, and refuses what Long.parseLong refuses', () => {
    expect(parseLong('version', '9223372036854775807', 'query')).toBe(2n ** 63n - 1n);
    expect(parseLong('version', '-9223372036854775808', 'query')).toBe(-(2n ** 63n));
    expect(parseLong('version', '+7', 'query')).toBe(7n);
    expect(refusal(() => parseLong('version', '9223372036854775808', 'query'))).toEqual({
      status: 400,
      type: 'illegal_argument_exception',
      reason: 'Failed to parse long parameter [version] with value [9223372036854775808]',
      extra: { caused_by: { type: 'number_format_exception', reason: 'For input string: "9223372036854775808"' } },
    });
    expect(refusal(() => parseLong('if_seq_no', '1.5', 'query')).reason).toBe('Failed to parse long parameter [if_seq_no] with value [1.5]');
  });

  it('answers a DynamoDB sequence number in bulk metadata as the x-content parser does', () => {
    expect(refusal(() => parseLong('version', '400000000017653466612', 'body'))).toEqual({
      status: 400,
      type: 'illegal_argument_exception',
      reason: 'Value [400000000017653466612] is out of range for a long',
    });
  });
});

describe('concurrencyOf', () => {
  it('reads no guard, a sequence number guard, or an external version (strict, or greater or equal)', () => {
    expect(guard({})).toEqual({ kind: 'none' });
    expect(guard({ if_seq_no: '3', if_primary_term: '1' })).toEqual({ kind: 'seq', seqNo: 3n, primaryTerm: 1n });
    expect(guard({ version: '5', version_type: 'external' })).toEqual({ kind: 'external', version: 5n, gte: false });
    expect(guard({ version: '5', version_type: 'EXTERNAL_GTE' })).toEqual({ kind: 'external', version: 5n, gte: true });
    expect(guard({ version: '0', version_type: 'external' }, 'delete')).toEqual({ kind: 'external', version: 0n, gte: false });
  });

  it.each([
    [{ version_type: 'force', version: '1' }, 'index', 'illegal_argument_exception', 'No version type match [force]'],
    [{ version: '2' }, 'index', 'action_request_validation_exception', 'Validation Failed: 1: internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead;'],
    [{ version_type: 'external' }, 'index', 'action_request_validation_exception', 'Validation Failed: 1: illegal version value [-3] for version type [EXTERNAL];'],
    [{ version: '-1', version_type: 'external' }, 'index', 'action_request_validation_exception', 'Validation Failed: 1: illegal version value [-1] for version type [EXTERNAL];'],
    [{ version: '3', version_type: 'external' }, 'create', 'action_request_validation_exception', 'Validation Failed: 1: create operations only support internal versioning. use index instead;'],
    [{ version: '3', version_type: 'external' }, 'update', 'action_request_validation_exception', 'Validation Failed: 1: internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead;'],
    [{ if_seq_no: '1' }, 'index', 'action_request_validation_exception', 'Validation Failed: 1: ifSeqNo is set, but primary term is [0];'],
    [{ if_seq_no: '1', if_primary_term: '0' }, 'index', 'action_request_validation_exception', 'Validation Failed: 1: ifSeqNo is set, but primary term is [0];'],
    [{ if_primary_term: '3' }, 'index', 'action_request_validation_exception', 'Validation Failed: 1: ifSeqNo is unassigned, but primary term is [3];'],
    [{ if_seq_no: '-1', if_primary_term: '1' }, 'index', 'illegal_argument_exception', 'sequence numbers must be non negative. got [-1].'],
    [{ if_seq_no: '1', if_primary_term: '-1' }, 'index', 'illegal_argument_exception', 'primary term must be non negative. got [-1]'],
    [{ if_seq_no: '1', if_primary_term: '1', version: '2', version_type: 'external' }, 'index', 'action_request_validation_exception', 'Validation Failed: 1: compare and write operations can not use versioning;'],
  ] as const)('refuses %j for %s', (params, op, type, reason) => {
    expect(refusal(() => guard(params, op))).toMatchObject({ status: 400, type, reason });
  });

  it('lets an update use if_seq_no and if_primary_term', () => {
    expect(guard({ if_seq_no: '0', if_primary_term: '1' }, 'update')).toEqual({ kind: 'seq', seqNo: 0n, primaryTerm: 1n });
  });

  it('reads if_seq_no -2 as unassigned, as the engines do', () => {
    expect(guard({ if_seq_no: '-2' })).toEqual({ kind: 'none' });
  });
});
