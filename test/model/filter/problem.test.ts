import { describe, expect, it } from 'vitest';
import { PatternProblem, shown } from '../../../src/model/filter/problem.js';

describe('shown', () => {
  it('writes a value as one line of JSON', () => {
    expect(shown({ a: ['x', 1] })).toBe('{"a":["x",1]}');
    expect(shown('two\nlines')).toBe('"two\\nlines"');
  });

  it('writes what JSON cannot as text', () => {
    expect(shown(undefined)).toBe('undefined');
    // JSON.parse reads 1e999 as Infinity: a message must not call it null
    expect([shown(Number.POSITIVE_INFINITY), shown(Number.NEGATIVE_INFINITY), shown(Number.NaN)]).toEqual(['Infinity', '-Infinity', 'NaN']);
  });

  it('cuts a long value to the limit, ending with an ellipsis', () => {
    const long = 'x'.repeat(100);
    expect(shown(long)).toBe(`"${'x'.repeat(58)}…`);
    expect(shown(long)).toHaveLength(60);
    expect(shown('x'.repeat(58))).toBe(`"${'x'.repeat(58)}"`);
    expect(shown('abcdef', 5)).toBe('"abc…');
  });
});

describe('PatternProblem', () => {
  it('keeps the field and the problem apart, for the caller to frame', () => {
    const problem = new PatternProblem('dynamodb.Keys', 'an empty object is not allowed');
    expect([problem.field, problem.problem, problem.message, problem.name]).toEqual(['dynamodb.Keys', 'an empty object is not allowed', 'an empty object is not allowed', 'PatternProblem']);
  });
});
