import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HandlerLoadError, loadHandler, parseHandlerRef } from '../../../src/harness/load/index.js';
import { findTsconfig, registerTypeScript } from '../../../src/harness/load/typescript.js';
import { FIXTURES } from './support.js';

const load = async (ref: string, options: { tsconfig?: string; generation?: number } = {}) => {
  const loaded = await loadHandler(parseHandlerRef(ref, FIXTURES), { cwd: FIXTURES, ...options });
  return loaded.handler({ Records: [] }, {});
};

describe('findTsconfig', () => {
  it('finds the nearest tsconfig.json in the directory of the file or above it', () => {
    expect(findTsconfig(join(FIXTURES, 'esm-ts', 'handler.ts'))).toBe(join(FIXTURES, 'esm-ts', 'tsconfig.json'));
    expect(findTsconfig(join(FIXTURES, 'esm-ts', 'lib', 'deeper', 'x.ts'))).toBe(join(FIXTURES, 'esm-ts', 'tsconfig.json'));
    expect(findTsconfig(join(FIXTURES, 'js-esm', 'handler.mjs'))).toBe(join(FIXTURES, '..', '..', '..', 'tsconfig.json'));
  });
});

describe('registerTypeScript', () => {
  it('registers the tsconfig of the handler being loaded, and leaves no TSX_TSCONFIG_PATH behind', async () => {
    await load('esm-ts/handler.ts');
    expect(await registerTypeScript({ handlerFile: join(FIXTURES, 'esm-ts', 'handler.ts') })).toEqual({
      tsconfig: join(FIXTURES, 'esm-ts', 'tsconfig.json'),
    });
    await load('cjs-ts/handler.ts');
    expect(await registerTypeScript({ handlerFile: join(FIXTURES, 'cjs-ts', 'x.ts') })).toEqual({
      tsconfig: join(FIXTURES, 'cjs-ts', 'tsconfig.json'),
    });
    expect(process.env.TSX_TSCONFIG_PATH).toBeUndefined();
  });

  it('a tsconfig that cannot be read: one line naming it, relative to cwd, and the fix', async () => {
    const failure = registerTypeScript({ tsconfig: 'bad-tsconfig/tsconfig.json', cwd: FIXTURES });
    await expect(failure).rejects.toBeInstanceOf(HandlerLoadError);
    await expect(failure).rejects.toThrow(
      'Could not read the TypeScript config bad-tsconfig/tsconfig.json: File \'./tsconfig.missing.json\' not found. Fix it; tsx reads it (with "extends") to load the handler.',
    );
  });

  it('a tsconfig given explicitly stays in effect for later handlers, until another is given', async () => {
    await registerTypeScript({ tsconfig: join(FIXTURES, 'broken', 'tsconfig.json') });
    // esm-ts's own tsconfig has the paths alias this handler imports through; the explicit one has none
    await expect(load('esm-ts/aliased.ts')).rejects.toThrow(/Cannot find package '@lib\/marker\.js'/);
    // (a new module generation: Node keeps a failed import's result for its URL)
    expect(await load('esm-ts/aliased.ts', { tsconfig: join(FIXTURES, 'esm-ts', 'tsconfig.json'), generation: 1 })).toBe('esm-ts:aliased');
  });
});
