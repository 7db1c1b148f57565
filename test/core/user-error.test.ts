import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/user-error.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { ConfigError } from '../../src/config/index.js';
import { HandlerLoadError, HarnessError, TableDeclarationError } from '../../src/harness/index.js';
import { InputError, MappingError } from '../../src/model/index.js';
import { MergeError } from '../../src/run/merge.js';

describe('UserError, the one base of errors written for the user', () => {
  it('is an Error the CLI tells apart by class, its message kept as written', () => {
    const error = new UserError('set BatchSize to 1..10000');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UserError');
    expect(error.message).toBe('set BatchSize to 1..10000');
    expect(new UserError('x', { cause: 'y' }).cause).toBe('y');
  });

  it('is extended by every error a stage throws when it refuses the user\'s input, the merge of shard reports too', () => {
    const classes = { UsageError, ConfigError, HandlerLoadError, HarnessError, TableDeclarationError, InputError, MappingError, MergeError };
    for (const [name, Class] of Object.entries(classes)) {
      expect(Class.prototype, name).toBeInstanceOf(UserError);
    }
    expect(new MergeError('the reports come from different seeds').name).toBe('MergeError');
  });
});
