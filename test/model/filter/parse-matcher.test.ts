import { describe, expect, it } from 'vitest';
import { compileFilterCriteria } from '../../../src/model/filter/index.js';
import { parseMatcher } from '../../../src/model/filter/parse-matcher.js';
import { PatternProblem } from '../../../src/model/filter/problem.js';
import { patternError } from './errors.js';

describe('parseMatcher: the messages a user gets, through FilterCriteria', () => {
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

describe('parseMatcher', () => {
  it('reads a literal as equals, keeping its JSON type', () => {
    expect(['A', 5, true, null].map((value) => parseMatcher(value, 'f'))).toEqual(['A', 5, true, null].map((value) => ({ kind: 'equals', value })));
  });

  it('reads "=" as a range closed at both ends, and one comparison as a one-sided range', () => {
    expect(parseMatcher({ numeric: ['=', 5] }, 'f')).toEqual({ kind: 'numeric', lower: { value: 5, inclusive: true }, upper: { value: 5, inclusive: true } });
    expect(parseMatcher({ numeric: ['>', 5] }, 'f')).toEqual({ kind: 'numeric', lower: { value: 5, inclusive: false } });
    expect(parseMatcher({ numeric: ['<=', 5] }, 'f')).toEqual({ kind: 'numeric', upper: { value: 5, inclusive: true } });
  });

  it('reads a range whichever bound comes first', () => {
    const range = { kind: 'numeric', lower: { value: 0, inclusive: false }, upper: { value: 5, inclusive: true } };
    expect(parseMatcher({ numeric: ['>', 0, '<=', 5] }, 'f')).toEqual(range);
    expect(parseMatcher({ numeric: ['<=', 5, '>', 0] }, 'f')).toEqual(range);
  });

  it('reads anything-but of one value as a list of one, and of a prefix or suffix as its own kind', () => {
    expect(parseMatcher({ 'anything-but': 'x' }, 'f')).toEqual({ kind: 'anything-but', values: ['x'] });
    expect(parseMatcher({ 'anything-but': { prefix: 'x' } }, 'f')).toEqual({ kind: 'anything-but-prefix', prefix: 'x' });
    expect(parseMatcher({ 'anything-but': { suffix: 'x' } }, 'f')).toEqual({ kind: 'anything-but-suffix', suffix: 'x' });
  });

  it('tells a user who wrote 1e999 that it is not a finite number, not that it is null', () => {
    expect(patternError('{"n": [1e999]}')).toBe('FilterCriteria.Filters[1].Pattern: Infinity is not a finite number (at n)');
    expect(patternError('{"n": [{"numeric": [">", -1e999]}]}')).toMatch(/"numeric" needs a finite JSON number after ">", got -Infinity \(write 5, not "5"\)/);
  });

  it('refuses numbers JSON cannot hold, naming the field', () => {
    for (const entry of [Number.POSITIVE_INFINITY, Number.NaN, { numeric: ['>', Number.NEGATIVE_INFINITY] }, { 'anything-but': Number.NaN }]) {
      expect(() => parseMatcher(entry, 'dynamodb.total')).toThrow(PatternProblem);
      try {
        parseMatcher(entry, 'dynamodb.total');
      } catch (error) {
        expect((error as PatternProblem).field).toBe('dynamodb.total');
      }
    }
  });
});
