import { spawnSync } from 'node:child_process';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, types } from 'node:util';
import { describeValue } from './exports.js';
import { displayPath } from './paths.js';

/** This loader's own directory: its frames are never the user's code. */
const OWN_DIR = dirname(fileURLToPath(import.meta.url)) + sep;

/**
 * One line saying why importing the handler module failed, with the place in the user's code:
 * `src/handler.ts threw while loading: Error: missing TABLE_NAME (at src/handler.ts:4)`, or, when
 * tsx could not compile it, `src/handler.ts could not be compiled: Unexpected ";" (at src/handler.ts:2:21)`.
 */
export function describeLoadFailure(error: unknown, file: string, cwd: string): string {
  const shown = displayPath(file, cwd);
  const compile = compileFailure(error, cwd);
  if (compile) return `${shown} could not be compiled: ${compile}`;
  if (!isErrorLike(error)) return `${shown} threw while loading: ${describeThrownValue(error)}`;
  const stack = nativeStack(error);
  const at =
    syntaxErrorLocation(error.name, stack, cwd) ??
    firstUserFrame(stack, cwd) ??
    (error.name === 'SyntaxError' ? checkSyntax(file, cwd) : undefined);
  return `${shown} threw while loading: ${errorSummary(error, cwd)}${at ? ` (at ${at})` : ''}`;
}

interface ErrorLike {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return value instanceof Error || types.isNativeError(value);
}

/** `TypeError: x is not a function`, `Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x' …`, on one line. */
function errorSummary(error: ErrorLike, cwd: string): string {
  const name = typeof error.name === 'string' && error.name !== '' ? error.name : 'Error';
  const code = typeof error.code === 'string' && !name.includes(error.code) ? ` [${error.code}]` : '';
  // Of Node's "Require stack:" list, the file that asked is enough.
  const text = String(error.message ?? '').replace(
    /\r?\nRequire stack:\r?\n- ([^\r\n]+)[\s\S]*$/,
    (_, requirer: string) => ` required from ${requirer}`,
  );
  const message = oneLine(relativize(text, cwd));
  return message === '' ? `${name}${code}` : `${name}${code}: ${message}`;
}

function describeThrownValue(value: unknown): string {
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value)
      : oneLine(inspect(value, { depth: 2, breakLength: Infinity, maxStringLength: 200, maxArrayLength: 10 }));
  const clipped = shown.length > 200 ? `${shown.slice(0, 197)}...` : shown;
  return `${clipped} (${describeValue(value)} was thrown, not an Error)`;
}

/**
 * esbuild's transform error, as tsx rethrows it: with `errors: [{ text, location }]` when it was
 * thrown in this thread (CommonJS), or only its message when it crossed from the ESM loader thread:
 * `Transform failed with 1 error:\n/abs/file.ts:3:8: ERROR: The constant "x" must be initialized`.
 */
function compileFailure(error: unknown, cwd: string): string | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as { text?: unknown; location?: { file?: unknown; line?: unknown; column?: unknown } | null };
    if (typeof first?.text === 'string') {
      const location = first.location;
      const at =
        location && typeof location.file === 'string' && typeof location.line === 'number'
          ? { file: location.file, line: location.line, column: typeof location.column === 'number' ? location.column : undefined }
          : undefined;
      return compileMessage(first.text, at, errors.length, cwd);
    }
  }
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return undefined;
  const match = /^Transform failed with (\d+) errors?:\r?\n(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (!match) return undefined;
  const [, count, file, line, column, text] = match;
  return compileMessage(text!, { file: file!, line: Number(line), column: Number(column) }, Number(count), cwd);
}

function compileMessage(
  text: string,
  at: { file: string; line: number; column: number | undefined } | undefined,
  count: number,
  cwd: string,
): string {
  // esbuild counts columns from 0; editors and stack traces from 1.
  const column = at?.column === undefined ? '' : `:${at.column + 1}`;
  const where = at ? ` (at ${displayPath(resolve(cwd, at.file), cwd)}:${at.line}${column})` : '';
  const more = count > 1 ? `, and ${count - 1} more error${count > 2 ? 's' : ''}` : '';
  return `${oneLine(relativize(text, cwd))}${where}${more}`;
}

/** V8 puts the place of a syntax error on the first line of the stack: `/path/file.js:2`. */
function syntaxErrorLocation(name: string, stack: string | undefined, cwd: string): string | undefined {
  if (name !== 'SyntaxError' || stack === undefined) return undefined;
  const firstLine = stack.split('\n', 1)[0] ?? '';
  const match = /^(.+):(\d+)$/.exec(firstLine.trim());
  if (!match) return undefined;
  const file = toPath(match[1]!);
  return file ? `${displayPath(file, cwd)}:${match[2]}` : undefined;
}

/**
 * The stack as Node formats it, with the source maps tsx registers (lines of the TypeScript file).
 * A `prepareStackTrace` installed by someone else (a test runner, `source-map-support`) knows
 * nothing of tsx's in-memory source maps, so it is set aside while the stack is first read.
 */
function nativeStack(error: ErrorLike): string | undefined {
  const errorClass = Error as { prepareStackTrace?: unknown };
  const saved = errorClass.prepareStackTrace;
  try {
    errorClass.prepareStackTrace = undefined;
    const stack = error.stack;
    return typeof stack === 'string' ? stack : undefined;
  } catch {
    return undefined;
  } finally {
    errorClass.prepareStackTrace = saved;
  }
}

/**
 * The first stack frame in the user's code: not Node's internals, not node_modules, not this loader.
 * Failing that, the first frame in a dependency (one that throws while the handler imports it),
 * leaving out the machinery that does the loading (tsx, esbuild, the test runner).
 */
function firstUserFrame(stack: string | undefined, cwd: string): string | undefined {
  if (stack === undefined) return undefined;
  let fallback: string | undefined;
  for (const line of stack.split('\n')) {
    const match = /^\s*at (?:.*?\()?(.+?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!match) continue;
    const file = toPath(match[1]!);
    if (!file) continue;
    // Below the loader's own frames are only its callers.
    if (file.startsWith(OWN_DIR)) break;
    const place = `${displayPath(file, cwd)}:${match[2]}`;
    const parts = file.split(sep);
    const modules = parts.lastIndexOf('node_modules');
    if (modules === -1) return place;
    const pkg = parts[modules + 1]?.startsWith('@') ? `${parts[modules + 1]}/${parts[modules + 2]}` : parts[modules + 1];
    if (pkg !== undefined && !MACHINERY.has(pkg)) fallback ??= place;
  }
  return fallback;
}

/** Packages whose frames are the loading itself, never the cause. */
const MACHINERY = new Set(['tsx', 'esbuild', 'vitest', 'vite', 'vite-node', 'tinypool', '@vitest/runner', '@vitest/utils']);

/**
 * V8 gives no place for a syntax error in an ES module; `node --check` prints it (`file:line`
 * first). Only run on that error path, for plain JavaScript files (tsx reports TypeScript's).
 */
function checkSyntax(file: string, cwd: string): string | undefined {
  if (!/\.[cm]?js$/i.test(file)) return undefined;
  try {
    const result = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000, env: {} });
    const firstLine = (result.stderr ?? '').split('\n', 1)[0] ?? '';
    const match = /^(.+):(\d+)$/.exec(firstLine.trim());
    const path = match ? toPath(match[1]!) : undefined;
    return path ? `${displayPath(path, cwd)}:${match![2]}` : undefined;
  } catch {
    return undefined;
  }
}

/** An absolute file path from a stack location, or undefined for `node:…`, `data:…`, `<anonymous>`, … */
function toPath(location: string): string | undefined {
  if (location.startsWith('file://')) {
    try {
      return fileURLToPath(location.replace(/[?#].*$/, ''));
    } catch {
      return undefined;
    }
  }
  return isAbsolute(location) ? location : undefined;
}

function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/** Paths under the working directory, as shown everywhere else: relative. */
function relativize(text: string, cwd: string): string {
  const root = cwd.endsWith(sep) ? cwd : cwd + sep;
  const url = root.startsWith('/') ? `file://${root}` : undefined;
  let out = text;
  if (url) out = out.split(url).join('');
  return out.split(root).join('');
}
