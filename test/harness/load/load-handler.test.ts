import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HandlerLoadError, loadHandler, parseHandlerRef } from '../../../src/harness/load/index.js';
import { ERRORS, SHAPES } from './cases.js';
import { FIXTURES, makeProject } from './support.js';

/**
 * In-process, through vitest's module runner: the loader imports handlers with Node's own loader
 * and tsx, not vitest's transform. compiled.test.ts runs the same through the compiled package.
 */
async function load(ref: string, cwd = FIXTURES) {
  const loaded = await loadHandler(parseHandlerRef(ref, cwd), { cwd });
  return { exportPath: loaded.exportPath, format: loaded.format, result: await loaded.handler({ Records: [] }, {}) };
}

async function failure(ref: string, cwd = FIXTURES): Promise<{ kind: string; message: string }> {
  try {
    await loadHandler(parseHandlerRef(ref, cwd), { cwd });
  } catch (error) {
    expect(error).toBeInstanceOf(HandlerLoadError);
    const { kind, message } = error as HandlerLoadError;
    expect(message).not.toContain('\n');
    return { kind, message };
  }
  throw new Error(`${ref} loaded`);
}

describe('loadHandler: every fixture shape and error (in-process)', () => {
  it.each(SHAPES)('$ref', async ({ ref, expected }) => {
    expect(await load(ref)).toEqual(expected);
  });

  it.each(ERRORS)('$ref', async ({ ref, expected }) => {
    expect(await failure(ref)).toEqual(expected);
  });
});

describe('loadHandler: more', () => {
  it('goes on loading after a tsconfig that could not be read', async () => {
    expect((await failure('bad-tsconfig/handler.ts')).kind).toBe('import-failed');
    expect(await load('esm-ts/handler.ts#process')).toMatchObject({ result: 'esm-ts:process' });
  });

  it('file not found: other extensions, no similar name, missing directories, a directory', async () => {
    expect((await failure('esm-ts/handler')).message).toBe('Handler file not found: esm-ts/handler. Did you mean esm-ts/handler.ts?');
    expect((await failure('cjs-ts/handler.mjs')).message).toBe(
      'Handler file not found: cjs-ts/handler.mjs. Did you mean cjs-ts/handler.cjs or cjs-ts/handler.ts?',
    );
    expect((await failure('esm-ts/zzz.ts')).message).toBe(
      'Handler file not found: esm-ts/zzz.ts; there is no file with a similar name in esm-ts/.',
    );
    expect((await failure('nowhere/deeper/handler.ts')).message).toBe(
      'Handler file not found: nowhere/deeper/handler.ts; the directory nowhere does not exist.',
    );
    expect(await failure('esm-ts')).toEqual({
      kind: 'not-found',
      message: 'Handler path esm-ts is a directory, not a file. Did you mean esm-ts/handler.ts?',
    });
  });

  it('no handler, no default and several functions; a non-function export next to functions', async () => {
    expect(await failure('broken/two-functions.ts')).toEqual({
      kind: 'export-missing',
      message:
        'broken/two-functions.ts has no export "handler", no default export and no single function export; its exports are: first, second. Use broken/two-functions.ts#<name>.',
    });
    expect(await failure('broken/no-function.ts')).toMatchObject({ kind: 'export-missing' });
    expect(await failure('esm-ts/handler.ts#config')).toEqual({
      kind: 'not-a-function',
      message:
        'Export "config" of esm-ts/handler.ts is an object, not a function. Its function exports are: handler, process; use esm-ts/handler.ts#<name>.',
    });
  });

  it('paths in messages are relative to the cwd given', async () => {
    const message = (await failure('handlers/broken/not-a-function.ts', join(FIXTURES, '..'))).message;
    expect(message).toBe('Export "handler" of handlers/broken/not-a-function.ts is an object, not a function.');
  });
});

describe('loadHandler: the messages of the spec, in a src/ project', () => {
  const project = makeProject({
    'package.json': '{ "type": "module" }',
    'src/handler.ts': 'export const handler = async () => "h";\nexport const process = async () => "p";\n',
    'src/config.ts': 'export const config = { table: "t" };\n',
    'src/boot.ts': 'export const handler = async () => "h";\n\nconst region: string | undefined = undefined;\nif (!region) throw new RangeError("AWS_REGION is not set");\n',
    'src/parse.ts': 'export const handler = async (event: unknown) => {\n  const x: number = ;\n};\n',
    'src/parse.mjs': 'export const handler = async (event) => {\n  const x = ;\n};\n',
    'src/cjs/package.json': '{ "type": "commonjs" }',
    'src/cjs/parse.ts': 'export const handler = async (event: unknown) => {\n  return event +;\n};\n',
    'src/cjs/missing.ts': 'import { helper } from "./helpers";\nexport const handler = helper;\n',
    'src/deps.ts': 'import "throws-on-import";\nexport const handler = async () => "h";\n',
    'node_modules/throws-on-import/package.json': '{ "name": "throws-on-import", "type": "module", "exports": "./index.js" }',
    'node_modules/throws-on-import/index.js': '\nthrow new TypeError("no endpoint configured");\n',
  });
  const fail = (ref: string) => failure(ref, project).then((f) => f.message);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('gives the messages as the spec words them', async () => {
    expect(await fail('src/handlr.ts')).toBe('Handler file not found: src/handlr.ts. Did you mean src/handler.ts?');
    expect(await fail('src/handler.ts#proces')).toBe(
      'src/handler.ts has no export "proces"; its exports are: handler, process. Use src/handler.ts#<name>.',
    );
    expect(await fail('src/config.ts#config')).toBe('Export "config" of src/config.ts is an object, not a function.');
    expect(await fail('src/boot.ts')).toBe('src/boot.ts threw while loading: RangeError: AWS_REGION is not set (at src/boot.ts:4)');
  });

  it('syntax errors in TypeScript (ESM and CommonJS) and JavaScript', async () => {
    expect(await fail('src/parse.ts')).toBe('src/parse.ts could not be compiled: Unexpected ";" (at src/parse.ts:2:21)');
    expect(await fail('src/cjs/parse.ts')).toBe('src/cjs/parse.ts could not be compiled: Unexpected ";" (at src/cjs/parse.ts:2:17)');
    expect(await fail('src/parse.mjs')).toBe("src/parse.mjs threw while loading: SyntaxError: Unexpected token ';' (at src/parse.mjs:2)");
  });

  it('a missing module, and a dependency that throws', async () => {
    expect(await fail('src/cjs/missing.ts')).toBe(
      "src/cjs/missing.ts threw while loading: Error [MODULE_NOT_FOUND]: Cannot find module './helpers' required from src/cjs/missing.ts",
    );
    expect(await fail('src/deps.ts')).toBe(
      'src/deps.ts threw while loading: TypeError: no endpoint configured (at node_modules/throws-on-import/index.js:2)',
    );
  });
});
