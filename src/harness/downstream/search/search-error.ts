/**
 * Errors as the engines answer them: `{ error: { root_cause, type, reason, ... }, status }`
 * (https://www.elastic.co/guide/en/elasticsearch/reference/current/common-options.html#common-options-error-options,
 * https://opensearch.org/docs/latest/api-reference/ — OpenSearch keeps the Elasticsearch 7 shape).
 */
export interface SearchError {
  status: number;
  type: string;
  reason: string;
  /** Extra fields of the error object (index, shard, index_uuid, caused_by, ...). */
  extra?: Record<string, unknown>;
}

export class SearchFailure extends Error {
  constructor(readonly error: SearchError) {
    super(error.reason);
  }
}

export function errorObject(error: SearchError): Record<string, unknown> {
  const { caused_by, ...rest } = error.extra ?? {};
  const cause = { type: error.type, reason: error.reason, ...rest };
  return { ...cause, ...(caused_by !== undefined && { caused_by }) };
}

/** The body of a whole request that failed. */
export function errorBody(error: SearchError): Record<string, unknown> {
  const { caused_by: _, ...rootFields } = error.extra ?? {};
  return { error: { root_cause: [{ type: error.type, reason: error.reason, ...rootFields }], ...errorObject(error) }, status: error.status };
}

function shardFields(index: string, uuid: string): Record<string, unknown> {
  return { index_uuid: uuid, shard: '0', index };
}

export function versionConflict(index: string, uuid: string, id: string, explanation: string): SearchError {
  return { status: 409, type: 'version_conflict_engine_exception', reason: `[${id}]: version conflict, ${explanation}`, extra: shardFields(index, uuid) };
}

export function documentMissing(index: string, uuid: string, id: string): SearchError {
  return { status: 404, type: 'document_missing_exception', reason: `[${id}]: document missing`, extra: shardFields(index, uuid) };
}

export function indexNotFound(index: string): SearchError {
  return { status: 404, type: 'index_not_found_exception', reason: `no such index [${index}]`, extra: { 'resource.type': 'index_or_alias', 'resource.id': index, index_uuid: '_na_', index } };
}

export function validationFailed(...problems: string[]): SearchError {
  return { status: 400, type: 'action_request_validation_exception', reason: `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}` };
}

export function illegalArgument(reason: string, extra?: Record<string, unknown>): SearchError {
  return { status: 400, type: 'illegal_argument_exception', reason, ...(extra !== undefined && { extra }) };
}

export function parseFailure(reason: string): SearchError {
  return { status: 400, type: 'parse_exception', reason };
}

/** What a busy node answers (write thread pool queue full). */
export function rejectedExecution(): SearchError {
  return {
    status: 429, type: 'es_rejected_execution_exception',
    reason: 'rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1024, max_coordinating_and_primary_bytes=53687091]',
  };
}

export function unavailable(index: string): SearchError {
  return { status: 503, type: 'unavailable_shards_exception', reason: `[${index}][0] primary shard is not active Timeout: [1m], request: [BulkShardRequest [[${index}][0]] containing [1] requests]` };
}
