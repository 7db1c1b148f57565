import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { MappingError } from '../mapping-error.js';
import { kinesisDocument } from './kinesis-document.js';
import { absentNegatedField, compileNode, type Matcher } from './match.js';
import { parsePattern } from './parse-pattern.js';
import type { PatternObject } from './pattern.js';
import { PatternProblem, shown } from './problem.js';

export type RecordFilter = ((record: DynamoDBRecord | KinesisStreamRecord) => boolean) & {
  /**
   * For a record no filter passes: a field it lacks that a filter tests with `anything-but`, if that
   * alone is why, with that filter's pattern rewritten to match records without the field.
   */
  absentNegatedField(record: DynamoDBRecord | KinesisStreamRecord): { field: string[]; without: string } | undefined;
};

export interface FilterCriteriaInput {
  Filters?: { Pattern?: string }[];
}

/** Lambda's default quota (it can be raised to 10 on request). */
export const MAX_FILTERS = 5;

interface CompiledFilter {
  matches: Matcher;
  pattern: PatternObject;
  /** The Pattern as written. */
  source: string;
  /** Names the Kinesis payload, so the record must carry JSON data. */
  usesData: boolean;
}

/**
 * Validates FilterCriteria (EventBridge pattern syntax) and compiles it to a predicate over records
 * as Lambda delivers them: a record passes if it matches any filter. `undefined` when there is
 * nothing to filter. Throws MappingError naming the filter and the problem.
 */
export function compileFilterCriteria(
  criteria: FilterCriteriaInput | undefined,
  source: 'dynamodb' | 'kinesis',
  path = 'FilterCriteria',
): RecordFilter | undefined {
  const filters = filterList(criteria, path).map((filter, i) => compileFilter(filter, source, `${path}.Filters[${i}]`));
  if (filters.length === 0) return undefined;
  const document = (filter: CompiledFilter, record: DynamoDBRecord | KinesisStreamRecord): unknown =>
    filter.usesData ? kinesisDocument(record as KinesisStreamRecord) : record;
  // every record of a run goes through this: DynamoDB patterns match the record itself
  const passes = source === 'dynamodb'
    ? (record: DynamoDBRecord | KinesisStreamRecord): boolean => filters.some((filter) => filter.matches(record))
    : (record: DynamoDBRecord | KinesisStreamRecord): boolean => filters.some((filter) => {
      const matched = document(filter, record);
      return matched !== undefined && filter.matches(matched);
    });
  const absentNegated = (record: DynamoDBRecord | KinesisStreamRecord): { field: string[]; without: string } | undefined => {
    for (const filter of filters) {
      const matched = document(filter, record);
      const field = matched === undefined ? undefined : absentNegatedField(filter.pattern, matched);
      if (field !== undefined) return { field, without: withoutField(filter.source, field) };
    }
    return undefined;
  };
  return Object.assign(passes, { absentNegatedField: absentNegated });
}

function filterList(criteria: unknown, path: string): unknown[] {
  if (criteria === undefined || criteria === null) return [];
  if (typeof criteria !== 'object' || Array.isArray(criteria)) {
    throw new MappingError(path, `must be { Filters: [{ Pattern: "<JSON>" }] }, got ${shown(criteria)}`);
  }
  const list = (criteria as { Filters?: unknown }).Filters;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new MappingError(`${path}.Filters`, `must be a list of { Pattern: "<JSON>" }, got ${shown(list)}`);
  if (list.length > MAX_FILTERS) {
    throw new MappingError(`${path}.Filters`, `allows at most ${MAX_FILTERS} filters, got ${list.length}; merge patterns with value lists, e.g. {"eventName": ["INSERT", "MODIFY"]}`);
  }
  return list;
}

function compileFilter(filter: unknown, source: 'dynamodb' | 'kinesis', path: string): CompiledFilter {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new MappingError(path, `must be { Pattern: "<JSON>" }, got ${shown(filter)}`);
  }
  try {
    const pattern = parsePattern((filter as { Pattern?: unknown }).Pattern);
    return {
      matches: compileNode(pattern),
      pattern,
      source: (filter as { Pattern: string }).Pattern,
      usesData: source === 'kinesis' && pattern.fields.some(([name]) => name === 'data'),
    };
  } catch (error) {
    if (!(error instanceof PatternProblem)) throw error;
    const where = error.field === '' ? '' : ` (at ${error.field})`;
    throw new MappingError(`${path}.Pattern`, `${error.problem}${where}`);
  }
}


/** The pattern with the list of `field` replaced by `[{"exists": false}]`: the same filter for records without it. */
export function withoutField(pattern: string, field: string[]): string {
  const parsed = JSON.parse(pattern) as Record<string, unknown>;
  let node = parsed;
  for (const name of field.slice(0, -1)) node = node[name] as Record<string, unknown>;
  node[field.at(-1)!] = [{ exists: false }];
  return JSON.stringify(parsed);
}
