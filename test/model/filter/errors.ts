import { expect } from 'vitest';
import { compileFilterCriteria } from '../../../src/model/filter/index.js';
import { MappingError } from '../../../src/model/mapping-error.js';

/** The one-line MappingError compileFilterCriteria throws for `criteria`. */
export function errorFor(criteria: unknown, source: 'dynamodb' | 'kinesis' = 'dynamodb'): MappingError {
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
export function patternError(pattern: unknown): string {
  const raw = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  return errorFor({ Filters: [{ Pattern: '{"eventName":["INSERT"]}' }, { Pattern: raw }] }).message;
}
