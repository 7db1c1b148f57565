import { describe, expect, it } from 'vitest';
import { parsePattern } from '../../../src/model/filter/parse-pattern.js';
import { PatternProblem } from '../../../src/model/filter/problem.js';
import { errorFor, patternError } from './errors.js';

describe('parsePattern: the messages a user gets, through FilterCriteria', () => {
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

  it('rejects a Pattern longer than AWS allows', () => {
    const long = JSON.stringify({ eventName: ['x'.repeat(4100)] });
    expect(patternError(long)).toMatch(/is \d+ characters; AWS allows at most 4096/);
  });

});

function problemOf(pattern: unknown): PatternProblem {
  try {
    parsePattern(pattern);
  } catch (error) {
    expect(error).toBeInstanceOf(PatternProblem);
    return error as PatternProblem;
  }
  throw new Error(`accepted ${String(pattern)}`);
}

describe('parsePattern', () => {
  it('gives objects their fields in pattern order and leaves their matchers', () => {
    expect(parsePattern('{"eventName": ["INSERT", {"prefix": "MOD"}], "dynamodb": {"Keys": {"pk": {"S": ["a"]}}}}')).toEqual({
      kind: 'object',
      fields: [
        ['eventName', { kind: 'leaf', matchers: [{ kind: 'equals', value: 'INSERT' }, { kind: 'prefix', prefix: 'MOD' }] }],
        ['dynamodb', { kind: 'object', fields: [['Keys', { kind: 'object', fields: [['pk', { kind: 'object', fields: [['S', { kind: 'leaf', matchers: [{ kind: 'equals', value: 'a' }] }]] }]] }]] }],
      ],
    });
  });

  it('keeps the last of duplicate keys, as AWS does (esm-semantics R61)', () => {
    expect(parsePattern('{"eventName": ["INSERT"], "eventName": ["REMOVE"]}').fields).toEqual([
      ['eventName', { kind: 'leaf', matchers: [{ kind: 'equals', value: 'REMOVE' }] }],
    ]);
  });

  it('names the dotted path of the field at fault, and none for the whole pattern', () => {
    expect(problemOf('{"dynamodb": {"NewImage": {"total": {"N": []}}}}').field).toBe('dynamodb.NewImage.total.N');
    expect(problemOf('{"dynamodb": {"Keys": {}}}').field).toBe('dynamodb.Keys');
    expect(problemOf('{"a": [{"exists": 1}]}').field).toBe('a');
    expect(problemOf('[]').field).toBe('');
    expect(problemOf(42).field).toBe('');
  });

  it('accepts exactly 4096 characters and not one more', () => {
    const padded = (length: number) => `{"a": ["${'x'.repeat(length - 11)}"]}`;
    expect(padded(4096)).toHaveLength(4096);
    expect(() => parsePattern(padded(4096))).not.toThrow();
    expect(problemOf(padded(4097)).problem).toBe('is 4097 characters; AWS allows at most 4096, so split it into several filters');
  });
});
