import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/user-error.js';
import { MappingError } from '../../src/model/mapping-error.js';

describe('MappingError', () => {
  it('reads "<path>: <problem>" and keeps both parts for callers that re-frame it', () => {
    const error = new MappingError('mapping.BatchSize', 'must be an integer from 1 to 10000, got 0');
    expect(error.message).toBe('mapping.BatchSize: must be an integer from 1 to 10000, got 0');
    expect([error.path, error.problem]).toEqual(['mapping.BatchSize', 'must be an integer from 1 to 10000, got 0']);
    expect(error.name).toBe('MappingError');
  });

  it('is a UserError, so the CLI prints it as one line and exits 2', () => {
    expect(new MappingError('mapping.X', 'unknown property')).toBeInstanceOf(UserError);
  });
});
