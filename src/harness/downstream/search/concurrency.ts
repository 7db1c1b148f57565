import { illegalArgument, SearchFailure, validationFailed, type SearchError } from './search-error.js';

/**
 * How a write is guarded (https://www.elastic.co/guide/en/elasticsearch/reference/current/optimistic-concurrency-control.html,
 * https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-index_.html#index-versioning):
 * `if_seq_no` + `if_primary_term`, or an external version (`version_type=external`: strictly
 * greater than the stored one; `external_gte`: greater or equal).
 */
export type Concurrency =
  | { kind: 'none' }
  | { kind: 'seq'; seqNo: bigint; primaryTerm: bigint }
  | { kind: 'external'; version: bigint; gte: boolean };

/** The parameters as a request gives them: query strings, or bulk metadata (raw JSON text for numbers). */
export interface ConcurrencyParams {
  version?: string;
  version_type?: string;
  if_seq_no?: string;
  if_primary_term?: string;
}

const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/**
 * A `long` parameter as the REST layer parses it (Java's Long.parseLong): a DynamoDB sequence
 * number (21–40 digits) does not fit, and the whole request is rejected with 400.
 */
export function parseLong(name: string, raw: string, from: 'query' | 'body'): bigint {
  const value = /^[+-]?\d+$/.test(raw) ? BigInt(raw) : undefined;
  if (value !== undefined && value >= LONG_MIN && value <= LONG_MAX) return value;
  if (from === 'query') {
    throw new SearchFailure(illegalArgument(`Failed to parse long parameter [${name}] with value [${raw}]`, {
      caused_by: { type: 'number_format_exception', reason: `For input string: "${raw}"` },
    }));
  }
  // bulk metadata is parsed by the x-content parser, which refuses numbers out of the long range
  throw new SearchFailure(illegalArgument(`Value [${raw}] is out of range for a long`));
}

/** Reads and validates the concurrency parameters of an index, create or delete request. */
export function concurrencyOf(params: ConcurrencyParams, from: 'query' | 'body', opType: 'index' | 'create' | 'delete' | 'update'): Concurrency {
  const versionType = (params.version_type ?? 'internal').toLowerCase();
  if (!['internal', 'external', 'external_gte'].includes(versionType)) {
    throw new SearchFailure(illegalArgument(`No version type match [${params.version_type}]`));
  }
  const version = params.version === undefined ? undefined : parseLong('version', params.version, from);
  const seqNo = ifSeqNo(params.if_seq_no === undefined ? undefined : parseLong('if_seq_no', params.if_seq_no, from));
  const primaryTerm = ifPrimaryTerm(params.if_primary_term === undefined ? undefined : parseLong('if_primary_term', params.if_primary_term, from));
  const problems = validate(versionType, version, seqNo, primaryTerm, opType);
  if (problems.length > 0) throw new SearchFailure(validationFailed(...problems));
  if (seqNo !== undefined && primaryTerm !== undefined) return { kind: 'seq', seqNo, primaryTerm };
  if (versionType !== 'internal') return { kind: 'external', version: version!, gte: versionType === 'external_gte' };
  return { kind: 'none' };
}

/** DocWriteRequest validation, in the engines' words. */
function validate(versionType: string, version: bigint | undefined, seqNo: bigint | undefined, primaryTerm: bigint | undefined, opType: string): string[] {
  const problems: string[] = [];
  const typeName = versionType.toUpperCase();
  if (opType === 'update' && (version !== undefined || versionType !== 'internal')) {
    problems.push('internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead');
    return problems;
  }
  if (opType === 'create' && versionType !== 'internal') problems.push('create operations only support internal versioning. use index instead');
  if (versionType === 'internal' && version !== undefined) {
    problems.push('internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead');
  }
  if (versionType !== 'internal' && (version === undefined || version < 0n)) problems.push(`illegal version value [${version ?? -3n}] for version type [${typeName}]`);
  if (seqNo !== undefined && (version !== undefined || versionType !== 'internal')) problems.push('compare and write operations can not use versioning');
  if (seqNo !== undefined && primaryTerm === undefined) problems.push('ifSeqNo is set, but primary term is [0]');
  if (seqNo === undefined && primaryTerm !== undefined) problems.push(`ifSeqNo is unassigned, but primary term is [${primaryTerm}]`);
  return problems;
}

/**
 * The request setters refuse negative values before validation runs (a 400 illegal_argument_exception);
 * -2 (if_seq_no) and 0 (if_primary_term) are the engines' "unassigned".
 */
function ifSeqNo(seqNo: bigint | undefined): bigint | undefined {
  if (seqNo === undefined || seqNo === -2n) return undefined;
  if (seqNo < 0n) throw new SearchFailure(illegalArgument(`sequence numbers must be non negative. got [${seqNo}].`));
  return seqNo;
}

function ifPrimaryTerm(term: bigint | undefined): bigint | undefined {
  if (term === undefined || term === 0n) return undefined;
  if (term < 0n) throw new SearchFailure(illegalArgument(`primary term must be non negative. got [${term}]`));
  return term;
}

export function isFailure(error: unknown): error is SearchFailure {
  return error instanceof SearchFailure;
}

export type { SearchError };
