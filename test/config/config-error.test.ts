import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/user-error.js';
import { ConfigError, oneLine } from '../../src/config/config-error.js';

describe('ConfigError', () => {
  it('reads "<file>: <path>: <problem>" and keeps the file and the path', () => {
    const error = ConfigError.at('conformance.config.ts', 'mapping.BatchSize', 'must be an integer from 1 to 10000, got 0');
    expect(error.message).toBe('conformance.config.ts: mapping.BatchSize: must be an integer from 1 to 10000, got 0');
    expect(error.details).toEqual({ file: 'conformance.config.ts', path: 'mapping.BatchSize' });
    expect(error.name).toBe('ConfigError');
  });

  it('is a UserError, so the CLI prints it and exits 2', () => {
    expect(new ConfigError('x')).toBeInstanceOf(UserError);
  });

  it('is always one line, however many lines the cause had', () => {
    const error = new ConfigError('conformance.config.json: Unexpected token\n   at line 3\r\n\n  column 5 ', { file: 'conformance.config.json' });
    expect(error.message).toBe('conformance.config.json: Unexpected token at line 3 column 5');
  });

  it('keeps the cause for debugging, and sets none when there is none', () => {
    const cause = new SyntaxError('bad');
    expect(new ConfigError('x', { cause }).cause).toBe(cause);
    expect('cause' in new ConfigError('x')).toBe(false);
  });
});

describe('oneLine', () => {
  it('joins the non-blank lines, trimmed, with single spaces', () => {
    expect(oneLine('  a  \n\n b\r\nc ')).toBe('a b c');
    expect(oneLine('already one line')).toBe('already one line');
    expect(oneLine('\n \n')).toBe('');
  });
});
