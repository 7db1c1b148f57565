import { describe, expect, it } from 'vitest';
import { compileFilterCriteria } from '../../../src/model/filter/index.js';
import { MappingError } from '../../../src/model/mapping.js';

function errorFor(criteria: unknown, source: 'dynamodb' | 'kinesis' = 'dynamodb'): MappingError {
  try {
    compileFilterCriteria(criteria as never, source);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    const message = (error as MappingError).message;
    expect(message).not.toMatch(/\n/);
    return error as MappingError;
  }
  throw new Error(`accepted ${JSON.stringify(criteria)}`);
}

/** The message for one pattern at index 1 (after a valid one). */
function patternError(pattern: unknown): string {
  const raw = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  return errorFor({ Filters: [{ Pattern: '{"eventName":["INSERT"]}' }, { Pattern: raw }] }).message;
}

describe('FilterCriteria validation', () => {
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

  it('rejects a Pattern that is not a string', () => {
    expect(errorFor({ Filters: [{ Pattern: { eventName: ['INSERT'] } }] }).message).toMatch(/^FilterCriteria\.Filters\[0\]\.Pattern: must be a JSON string/);
    expect(errorFor({ Filters: [{}] }).path).toBe('FilterCriteria.Filters[0].Pattern');
  });

  it('rejects invalid JSON, naming the filter', () => {
    const message = patternError('{"eventName": ["INSERT"]');
    expect(message).toMatch(/^FilterCriteria\.Filters\[1\]\.Pattern: is not valid JSON \(.+\): "\{\\"eventName/);
  });

  it('rejects JSON that is not an object', () => {
    expect(patternError('["INSERT"]')).toBe('FilterCriteria.Filters[1].Pattern: must be a JSON object, like {"eventName": ["INSERT"]}, got ["INSERT"]');
  });

  it('rejects a leaf that is not a list', () => {
    expect(patternError({ eventName: 'INSERT' })).toBe(
      'FilterCriteria.Filters[1].Pattern: "eventName" needs a list of values or a nested object; write {"eventName": ["INSERT"]} (at eventName)',
    );
    expect(patternError({ dynamodb: { NewImage: { total: { N: 5 } } } })).toMatch(/write \{"N": \[5\]\} \(at dynamodb\.NewImage\.total\.N\)$/);
  });

  it('rejects empty lists and empty objects', () => {
    expect(patternError({ eventName: [] })).toMatch(/an empty value list matches nothing.*\(at eventName\)$/);
    expect(patternError({})).toMatch(/^FilterCriteria\.Filters\[1\]\.Pattern: an empty object is not allowed/);
    expect(patternError({ dynamodb: {} })).toMatch(/an empty object is not allowed.*\(at dynamodb\)$/);
  });

  it('rejects an unknown operator', () => {
    expect(patternError({ eventName: [{ wildcard: 'IN*' }] })).toBe(
      'FilterCriteria.Filters[1].Pattern: "wildcard" is not a filter operator; use one of prefix, suffix, anything-but, numeric, exists, equals-ignore-case (at eventName)',
    );
  });

  it('rejects a matcher object with several operators, and a list inside a list', () => {
    expect(patternError({ eventName: [{ prefix: 'I', suffix: 'T' }] })).toMatch(/a matcher object needs exactly one operator/);
    expect(patternError({ eventName: [['INSERT']] })).toMatch(/a value list cannot hold another list/);
  });

  it('rejects a bad numeric matcher', () => {
    expect(patternError({ dynamodb: { ApproximateCreationDateTime: [{ numeric: [] }] } })).toBe(
      'FilterCriteria.Filters[1].Pattern: "numeric" needs an operator and a number, like {"numeric": [">", 0]} or {"numeric": [">", 0, "<=", 5]}; got [] (at dynamodb.ApproximateCreationDateTime)',
    );
    expect(patternError({ n: [{ numeric: ['>'] }] })).toMatch(/"numeric" needs an operator and a number/);
    expect(patternError({ n: [{ numeric: ['!=', 5] }] })).toMatch(/"numeric" operator "!=" is not one of =, <, <=, >, >=/);
    expect(patternError({ n: [{ numeric: ['>', '5'] }] })).toMatch(/"numeric" needs a finite JSON number after ">", got "5" \(write 5, not "5"\)/);
    expect(patternError('{"n": [{"numeric": [">", 1e999]}]}')).toMatch(/"numeric" needs a finite JSON number/);
    expect(patternError({ n: [{ numeric: ['>', 0, '>', 5] }] })).toMatch(/a "numeric" range needs one lower bound/);
    expect(patternError({ n: [{ numeric: ['=', 0, '<', 5] }] })).toMatch(/a "numeric" range needs one lower bound/);
    expect(patternError({ n: [{ numeric: 5 }] })).toMatch(/"numeric" needs an operator and a number/);
  });

  it('rejects operands of the wrong type', () => {
    expect(patternError({ n: [{ prefix: 5 }] })).toMatch(/"prefix" needs a string, like \{"prefix": "A"\}, got 5/);
    expect(patternError({ n: [{ suffix: ['a'] }] })).toMatch(/"suffix" needs a string/);
    expect(patternError({ n: [{ exists: 'yes' }] })).toMatch(/"exists" needs true or false, got "yes"/);
    expect(patternError({ n: [{ 'anything-but': [] }] })).toMatch(/"anything-but" needs a string, a number/);
    expect(patternError({ n: [{ 'anything-but': { wildcard: 'a*' } }] })).toMatch(/"anything-but" needs/);
    expect(patternError({ n: [{ 'equals-ignore-case': 1 }] })).toMatch(/"equals-ignore-case" needs a string/);
  });

  it('rejects a Pattern longer than AWS allows', () => {
    const long = JSON.stringify({ eventName: ['x'.repeat(4100)] });
    expect(patternError(long)).toMatch(/is \d+ characters; AWS allows at most 4096/);
  });

  it('uses the caller’s path prefix', () => {
    try {
      compileFilterCriteria({ Filters: [{ Pattern: '{' }] }, 'kinesis', 'mapping.FilterCriteria');
      expect.unreachable();
    } catch (error) {
      expect((error as MappingError).path).toBe('mapping.FilterCriteria.Filters[0].Pattern');
    }
  });

  it('accepts every operator in its documented forms', () => {
    const pattern = {
      a: ['x', 5, true, null, ''],
      b: [{ prefix: '' }, { suffix: 'z' }, { 'equals-ignore-case': 'X' }, { exists: true }, { exists: false }],
      c: [{ 'anything-but': 'x' }, { 'anything-but': 5 }, { 'anything-but': ['x', 5] }, { 'anything-but': { prefix: 'x' } }, { 'anything-but': { suffix: 'x' } }],
      d: [{ numeric: ['=', 5] }, { numeric: ['<', 5] }, { numeric: ['>=', -1.5] }, { numeric: ['<=', 5, '>', 0] }],
    };
    expect(compileFilterCriteria({ Filters: [{ Pattern: JSON.stringify(pattern) }] }, 'dynamodb')).toBeTypeOf('function');
  });
});
