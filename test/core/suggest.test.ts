import { describe, expect, it } from 'vitest';
import { editDistance, nearest, orList } from '../../src/core/suggest.js';

describe('suggesting what the user meant', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['BatchSize', 'BatchSize', 0],
    ['BatchSzie', 'BatchSize', 2],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
  ])('editDistance(%j, %j) is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });

  it('suggests the nearest candidate for a typo, whatever its case', () => {
    const properties = ['BatchSize', 'MaximumRetryAttempts', 'BisectBatchOnFunctionError', 'ParallelizationFactor'];
    expect(nearest('BatchSzie', properties)).toBe('BatchSize');
    expect(nearest('batchsize', properties)).toBe('BatchSize');
    expect(nearest('MaximumRetryAttempt', properties)).toBe('MaximumRetryAttempts');
  });

  it('suggests a candidate the word begins (or that begins the word), from three letters on', () => {
    const rules = ['per-key-ordering', 'poison-pill-isolation', 'no-silent-loss'];
    expect(nearest('poison', rules)).toBe('poison-pill-isolation');
    expect(nearest('no-silent-loss-please', rules)).toBe('no-silent-loss');
    expect(nearest('po', ['per-key-ordering-x'])).toBeUndefined();
  });

  it('suggests nothing when nothing is near, or there is nothing to choose from', () => {
    expect(nearest('Timeout', ['BatchSize', 'ParallelizationFactor'])).toBeUndefined();
    expect(nearest('anything', [])).toBeUndefined();
  });

  it('lists choices as a sentence', () => {
    expect(orList([])).toBe('');
    expect(orList(['NEW_IMAGE'])).toBe('NEW_IMAGE');
    expect(orList(['KEYS_ONLY', 'NEW_IMAGE'])).toBe('KEYS_ONLY or NEW_IMAGE');
    expect(orList(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'])).toBe('KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES');
  });
});
