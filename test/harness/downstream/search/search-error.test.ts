import { describe, expect, it } from 'vitest';
import {
  documentMissing,
  errorBody,
  errorObject,
  illegalArgument,
  indexNotFound,
  rejectedExecution,
  unavailable,
  validationFailed,
  versionConflict,
} from '../../../../src/harness/downstream/search/search-error.js';

/**
 * Error bodies as the engines send them: `{ error: { root_cause: [...], type, reason, ... }, status }`
 * (https://www.elastic.co/guide/en/elasticsearch/reference/current/common-options.html, and the
 * bulk item `error` object of docs-bulk.html: `type`, `reason`, `index_uuid`, `shard`, `index`).
 */
describe('search errors', () => {
  it('a version conflict is 409 version_conflict_engine_exception with the shard fields', () => {
    expect(errorBody(versionConflict('orders', 'UUID', 'a', 'current version [5] is higher or equal to the one provided [4]'))).toEqual({
      error: {
        root_cause: [{ type: 'version_conflict_engine_exception', reason: '[a]: version conflict, current version [5] is higher or equal to the one provided [4]', index_uuid: 'UUID', shard: '0', index: 'orders' }],
        type: 'version_conflict_engine_exception',
        reason: '[a]: version conflict, current version [5] is higher or equal to the one provided [4]',
        index_uuid: 'UUID',
        shard: '0',
        index: 'orders',
      },
      status: 409,
    });
  });

  it('keeps caused_by on the error object only, not in the root cause', () => {
    const error = illegalArgument('Failed to parse long parameter [version] with value [x]', { caused_by: { type: 'number_format_exception', reason: 'For input string: "x"' } });
    const body = errorBody(error) as { error: Record<string, unknown> & { root_cause: Record<string, unknown>[] }; status: number };
    expect(body.status).toBe(400);
    expect(body.error.caused_by).toEqual({ type: 'number_format_exception', reason: 'For input string: "x"' });
    expect(body.error.root_cause).toEqual([{ type: 'illegal_argument_exception', reason: 'Failed to parse long parameter [version] with value [x]' }]);
    expect(errorObject(illegalArgument('plain'))).toEqual({ type: 'illegal_argument_exception', reason: 'plain' });
  });

  it('has the engines\' types, statuses and reasons', () => {
    expect(documentMissing('orders', 'U', 'a')).toMatchObject({ status: 404, type: 'document_missing_exception', reason: '[a]: document missing' });
    expect(indexNotFound('orders')).toEqual({
      status: 404,
      type: 'index_not_found_exception',
      reason: 'no such index [orders]',
      extra: { 'resource.type': 'index_or_alias', 'resource.id': 'orders', index_uuid: '_na_', index: 'orders' },
    });
    expect(validationFailed('index is missing', 'id is missing')).toEqual({
      status: 400,
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: index is missing;2: id is missing;',
    });
    expect(rejectedExecution()).toMatchObject({ status: 429, type: 'es_rejected_execution_exception' });
    expect(unavailable('orders')).toMatchObject({ status: 503, type: 'unavailable_shards_exception', reason: expect.stringMatching(/^\[orders\]\[0\] primary shard is not active/) });
  });
});
