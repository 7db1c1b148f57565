import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/user-error.js';
import { HandlerLoadError } from '../../../src/harness/load/handler-load-error.js';

describe('HandlerLoadError', () => {
  it('is a user-facing error (the CLI prints its message and exits 2) that keeps its kind and cause', () => {
    const cause = new SyntaxError('Unexpected token');
    const error = new HandlerLoadError('import-failed', 'src/handler.ts threw while loading: SyntaxError: Unexpected token', { cause });
    expect(error).toBeInstanceOf(UserError);
    expect(error.name).toBe('HandlerLoadError');
    expect(error.kind).toBe('import-failed');
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('HandlerLoadError: src/handler.ts threw while loading: SyntaxError: Unexpected token');
  });
});
