import { describe, expect, it } from 'vitest';
import { HandlerLoadError, parseHandlerRef } from '../../../src/harness/load/index.js';

describe('parseHandlerRef', () => {
  it('resolves the path against cwd and takes the export after #', () => {
    expect(parseHandlerRef('src/handler.ts#process', '/repo')).toEqual({
      file: '/repo/src/handler.ts',
      exportName: 'process',
      ref: 'src/handler.ts#process',
    });
  });

  it('without # leaves the export to the default lookup', () => {
    const parsed = parseHandlerRef('./src/handler.ts', '/repo');
    expect(parsed).toEqual({ file: '/repo/src/handler.ts', ref: 'src/handler.ts' });
    expect('exportName' in parsed).toBe(false);
  });

  it('treats an empty export as the default lookup', () => {
    expect(parseHandlerRef('src/handler.ts#', '/repo')).toEqual({ file: '/repo/src/handler.ts', ref: 'src/handler.ts' });
  });

  it('accepts absolute paths, file URLs and paths outside cwd', () => {
    expect(parseHandlerRef('/elsewhere/h.mjs#run', '/repo')).toEqual({
      file: '/elsewhere/h.mjs',
      exportName: 'run',
      ref: '../elsewhere/h.mjs#run',
    });
    expect(parseHandlerRef('file:///repo/lambda/index.cjs', '/repo').file).toBe('/repo/lambda/index.cjs');
  });

  it('splits at the last #', () => {
    expect(parseHandlerRef('odd#dir/handler.ts#handler', '/repo')).toMatchObject({
      file: '/repo/odd#dir/handler.ts',
      exportName: 'handler',
    });
  });

  it('rejects a reference without a path', () => {
    expect(() => parseHandlerRef('#handler', '/repo')).toThrow(HandlerLoadError);
    expect(() => parseHandlerRef('  ', '/repo')).toThrow(
      'No handler file given in "  ". Give the path of the handler file, e.g. src/handler.ts#handler.',
    );
  });
});
