/**
 * Every fixture shape and error, with what loading it must give; run in-process (load.test.ts) and
 * through the compiled loader in a plain Node child process (compiled.test.ts). Refs are relative
 * to test/fixtures/handlers/.
 */
export interface LoadCase {
  ref: string;
  expected:
    | { exportPath: string; format: 'module' | 'commonjs'; result: unknown }
    | { kind: 'not-found' | 'export-missing' | 'not-a-function' | 'import-failed'; message: string };
}

export const SHAPES: LoadCase[] = [
  // ESM TypeScript project ("type": "module"; tsconfig with extends and a paths alias)
  { ref: 'esm-ts/handler.ts', expected: { exportPath: 'handler', format: 'module', result: { batchItemFailures: [], marker: 'esm-ts:handler' } } },
  { ref: 'esm-ts/handler.ts#process', expected: { exportPath: 'process', format: 'module', result: 'esm-ts:process' } },
  { ref: 'esm-ts/other.mts', expected: { exportPath: 'handler', format: 'module', result: 'esm-ts:other.mts' } },
  { ref: 'esm-ts/aliased.ts', expected: { exportPath: 'handler', format: 'module', result: 'esm-ts:aliased' } },
  { ref: 'esm-ts/only-function.ts', expected: { exportPath: 'consume', format: 'module', result: 'esm-ts:only-function' } },
  // CommonJS TypeScript project (no "type"; a paths alias with baseUrl)
  { ref: 'cjs-ts/handler.ts', expected: { exportPath: 'default.handler', format: 'commonjs', result: 'cjs-ts:handler' } },
  { ref: 'cjs-ts/handler.ts#process', expected: { exportPath: 'default.process', format: 'commonjs', result: 'cjs-ts:process' } },
  { ref: 'cjs-ts/default-export.ts', expected: { exportPath: 'default.default', format: 'commonjs', result: 'cjs-ts:default-export' } },
  { ref: 'cjs-ts/default-export.ts#default', expected: { exportPath: 'default.default', format: 'commonjs', result: 'cjs-ts:default-export' } },
  { ref: 'cjs-ts/cjs.cts', expected: { exportPath: 'default.handler', format: 'commonjs', result: 'cjs-ts:cjs.cts+helper' } },
  { ref: 'cjs-ts/handler.cjs', expected: { exportPath: 'default.handler', format: 'commonjs', result: 'cjs-ts:handler.cjs' } },
  { ref: 'cjs-ts/module-exports-fn.js', expected: { exportPath: 'default', format: 'commonjs', result: 'cjs-ts:module-exports-fn' } },
  { ref: 'cjs-ts/requires-ts.js', expected: { exportPath: 'default.handler', format: 'commonjs', result: 'cjs-ts:requires-ts+helper' } },
  { ref: 'cjs-ts/aliased.ts', expected: { exportPath: 'default.handler', format: 'commonjs', result: 'cjs-ts:aliased' } },
  // Plain JavaScript ES modules
  { ref: 'js-esm/handler.mjs', expected: { exportPath: 'handler', format: 'module', result: { batchItemFailures: [], marker: 'js-esm:handler.mjs' } } },
  { ref: 'js-esm/default.js', expected: { exportPath: 'default', format: 'module', result: 'js-esm:default.js' } },
];

export const ERRORS: LoadCase[] = [
  {
    ref: 'esm-ts/handlr.ts',
    expected: { kind: 'not-found', message: 'Handler file not found: esm-ts/handlr.ts. Did you mean esm-ts/handler.ts?' },
  },
  {
    ref: 'broken/handler.ts',
    expected: { kind: 'not-found', message: 'Handler file not found: broken/handler.ts. Did you mean broken/handler.js?' },
  },
  {
    ref: 'esm-tss/handler.ts',
    expected: {
      kind: 'not-found',
      message: 'Handler file not found: esm-tss/handler.ts; the directory esm-tss does not exist. Did you mean esm-ts/handler.ts?',
    },
  },
  {
    ref: 'esm-ts/handler.ts#proces',
    expected: {
      kind: 'export-missing',
      message: 'esm-ts/handler.ts has no export "proces"; its exports are: config, handler, process. Use esm-ts/handler.ts#<name>.',
    },
  },
  {
    ref: 'cjs-ts/handler.ts#proces',
    expected: {
      kind: 'export-missing',
      message: 'cjs-ts/handler.ts has no export "proces"; its exports are: handler, process. Use cjs-ts/handler.ts#<name>.',
    },
  },
  {
    ref: 'broken/not-a-function.ts',
    expected: { kind: 'not-a-function', message: 'Export "handler" of broken/not-a-function.ts is an object, not a function.' },
  },
  {
    ref: 'broken/throws-on-import.ts',
    expected: {
      kind: 'import-failed',
      message: 'broken/throws-on-import.ts threw while loading: Error: missing TABLE_NAME (at broken/throws-on-import.ts:4)',
    },
  },
  {
    ref: 'broken/throws-string.ts',
    expected: {
      kind: 'import-failed',
      message: 'broken/throws-string.ts threw while loading: "config not loaded" (a string was thrown, not an Error)',
    },
  },
  {
    ref: 'broken/syntax-error.ts',
    expected: {
      kind: 'import-failed',
      message:
        'broken/syntax-error.ts could not be compiled: The constant "tableName" must be initialized (at broken/syntax-error.ts:3:9)',
    },
  },
  {
    ref: 'bad-tsconfig/handler.ts',
    expected: {
      kind: 'import-failed',
      message:
        'Could not read the TypeScript config bad-tsconfig/tsconfig.json: File \'./tsconfig.missing.json\' not found. Fix it; tsx reads it (with "extends") to load the handler.',
    },
  },
];
