import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeLoadFailure } from '../../../src/harness/load/describe-error.js';

const cwd = '/repo';
const file = '/repo/src/handler.ts';
const describeFailure = (error: unknown) => describeLoadFailure(error, file, cwd);
/** An error with the stack a given V8 would print. */
const withStack = <E extends Error>(error: E, frames: string[]): E => {
  Object.defineProperty(error, 'stack', { value: [`${error.name}: ${error.message}`, ...frames].join('\n') });
  return error;
};

describe('describeLoadFailure: compile errors as tsx rethrows them', () => {
  it("esbuild's errors array (thrown in this thread): the first error, columns from 1, and how many more", () => {
    const error = (count: number) =>
      Object.assign(new Error('Transform failed'), {
        errors: Array.from({ length: count }, () => ({ text: 'Unexpected ";"', location: { file: 'src/handler.ts', line: 2, column: 20 } })),
      });
    expect(describeFailure(error(1))).toBe('src/handler.ts could not be compiled: Unexpected ";" (at src/handler.ts:2:21)');
    expect(describeFailure(error(2))).toBe('src/handler.ts could not be compiled: Unexpected ";" (at src/handler.ts:2:21), and 1 more error');
    expect(describeFailure(error(3))).toMatch(/, and 2 more errors$/);
  });

  it('only the message (crossed from the ESM loader thread), with an absolute path', () => {
    const error = new Error('Transform failed with 1 error:\n/repo/src/handler.ts:3:8: ERROR: The constant "x" must be initialized');
    expect(describeFailure(error)).toBe('src/handler.ts could not be compiled: The constant "x" must be initialized (at src/handler.ts:3:9)');
  });
});

describe('describeLoadFailure: thrown errors', () => {
  it('names the error, its code, and the first frame in the user code, past node internals and the loading machinery', () => {
    const error = withStack(Object.assign(new Error('missing TABLE_NAME'), { code: 'E_CONFIG' }), [
      '    at Object.<anonymous> (/repo/node_modules/tsx/dist/register.js:1:100)',
      '    at node:internal/modules/esm/module_job:194:25',
      '    at file:///repo/src/config.ts:4:9',
      '    at /repo/src/handler.ts:1:1',
    ]);
    expect(describeFailure(error)).toBe('src/handler.ts threw while loading: Error [E_CONFIG]: missing TABLE_NAME (at src/config.ts:4)');
  });

  it('a dependency that throws is named when no frame is in the user code', () => {
    const error = withStack(new TypeError('no endpoint'), [
      '    at load (/repo/node_modules/esbuild/lib/main.js:5:1)',
      '    at init (/repo/node_modules/@acme/client/index.js:2:3)',
    ]);
    expect(describeFailure(error)).toBe('src/handler.ts threw while loading: TypeError: no endpoint (at node_modules/@acme/client/index.js:2)');
  });

  it("the loader's own frames and their callers are never the place", () => {
    const loader = fileURLToPath(new URL('../../../src/harness/load/module.ts', import.meta.url));
    const error = withStack(new Error('boom'), ['    at node:internal/modules/esm/loader:100:1', `    at loadModule (${loader}:90:5)`, '    at /repo/cli/run.ts:3:1']);
    expect(describeFailure(error)).toBe('src/handler.ts threw while loading: Error: boom');
  });

  it('a code already in the name is not repeated; an empty message shows the name alone', () => {
    const named = withStack(Object.assign(new Error("Cannot find package 'x'"), { name: 'Error [ERR_MODULE_NOT_FOUND]', code: 'ERR_MODULE_NOT_FOUND' }), []);
    expect(describeFailure(named)).toBe("src/handler.ts threw while loading: Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x'");
    expect(describeFailure(withStack(new RangeError(''), []))).toBe('src/handler.ts threw while loading: RangeError');
  });

  it('one line: Node\'s "Require stack" becomes the file that asked, paths under cwd are relative', () => {
    const error = withStack(
      Object.assign(new Error("Cannot find module './helpers'\nRequire stack:\n- /repo/src/handler.ts\n- /repo/index.js"), { code: 'MODULE_NOT_FOUND' }),
      [],
    );
    expect(describeFailure(error)).toBe(
      "src/handler.ts threw while loading: Error [MODULE_NOT_FOUND]: Cannot find module './helpers' required from src/handler.ts",
    );
    const multiLine = withStack(new Error('bad config:\n  file:///repo/config.json\n\n  line 3'), []);
    expect(describeFailure(multiLine)).toBe('src/handler.ts threw while loading: Error: bad config: config.json line 3');
  });

  it('a syntax error: the place V8 puts on the first line of the stack', () => {
    const error = new SyntaxError("Unexpected token ';'");
    Object.defineProperty(error, 'stack', { value: "/repo/src/parse.js:2\n  const x = ;\n            ^\n\nSyntaxError: Unexpected token ';'" });
    expect(describeFailure(error)).toBe("src/handler.ts threw while loading: SyntaxError: Unexpected token ';' (at src/parse.js:2)");
  });
});

describe('describeLoadFailure: values that are not errors', () => {
  it('shows the value and says what was thrown', () => {
    expect(describeFailure('config not loaded')).toBe('src/handler.ts threw while loading: "config not loaded" (a string was thrown, not an Error)');
    expect(describeFailure(42)).toBe('src/handler.ts threw while loading: 42 (a number was thrown, not an Error)');
    expect(describeFailure({ status: 500, body: { reason: 'x' } })).toBe(
      "src/handler.ts threw while loading: { status: 500, body: { reason: 'x' } } (an object was thrown, not an Error)",
    );
  });

  it('clips a long value to one short line', () => {
    const message = describeFailure({ list: Array.from({ length: 8 }, (_, i) => 'x'.repeat(40) + i) });
    expect(message).toMatch(/^src\/handler\.ts threw while loading: \{ list: \[.*\.\.\. \(an object was thrown, not an Error\)$/);
    expect(message.length).toBeLessThan(300);
    expect(message).not.toContain('\n');
  });
});
