import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';
import { HandlerLoadError } from './handler-load-error.js';
import { displayPath } from './paths.js';

export interface RegisterTypeScriptOptions {
  /**
   * The handler project's tsconfig (absolute, or relative to `cwd`). By default
   * the nearest `tsconfig.json` above `handlerFile`, else tsx's own lookup from the working
   * directory. `false`: none for ES modules (tsx's CommonJS hooks cannot be told "none" and fall
   * back to their lookup from the working directory).
   */
  tsconfig?: string | false;
  /** The handler file, used to find its project's `tsconfig.json` when `tsconfig` is not given. */
  handlerFile?: string;
  /** Directory that paths in error messages are relative to (default: `process.cwd()`). */
  cwd?: string;
}

export interface TypeScriptRegistration {
  /** Absolute path of the tsconfig in effect; `false` for none; undefined for tsx's lookup from the working directory. */
  tsconfig: string | false | undefined;
}

interface RegistrationState {
  tsconfig: string | false | undefined;
  /** Whether the tsconfig was given (kept for every handler) rather than found from a handler file. */
  explicit: boolean;
  /** Settles once the registration for `tsconfig` is in place (replacing one takes a round trip to the loader). */
  ready: Promise<void>;
  unregister: () => Promise<void>;
}

/** Shared by every copy of this module in the thread (compiled and source), so tsx is registered once per thread. */
const STATE = Symbol.for('stream-conformance.load.typescript-registration');
const slot = globalThis as { [STATE]?: RegistrationState };

/** The nearest `tsconfig.json` in the directory of `file` or above it. */
export function findTsconfig(file: string): string | undefined {
  let dir = dirname(resolve(file));
  for (;;) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Registers tsx for this thread, in both module systems: its ESM loader hooks (`import()` of
 * `.ts`/`.mts`/`.cts`, `paths` aliases in ES modules) and its CommonJS hooks (`require()` of
 * `.ts`/`.cts`, `paths` aliases in CommonJS). The handler project's tsconfig (with `extends`, read
 * by tsx) supplies `paths` and compiler options. Registering again with the same tsconfig does
 * nothing; a different tsconfig replaces the registration (one tsconfig is in effect per thread).
 * The first registration is in place when this returns; await the promise when replacing one.
 */
export function registerTypeScript(options: RegisterTypeScriptOptions = {}): Promise<TypeScriptRegistration> {
  const tsconfig = chooseTsconfig(options);
  const explicit = options.tsconfig !== undefined;
  const current = slot[STATE];
  if (current && current.tsconfig === tsconfig) {
    current.explicit ||= explicit;
    return settled(current.ready.then(() => ({ tsconfig })));
  }
  if (!current) {
    // Synchronous, so that the registration is in place even for a caller that does not await.
    try {
      const unregister = registerBoth(tsconfig, options.cwd);
      slot[STATE] = { tsconfig, explicit, ready: Promise.resolve(), unregister };
    } catch (error) {
      return settled(Promise.reject(error));
    }
    return Promise.resolve({ tsconfig });
  }
  let unregister: () => Promise<void> = async () => {};
  const ready = current.ready
    .catch(() => {})
    .then(() => current.unregister())
    .then(() => {
      unregister = registerBoth(tsconfig, options.cwd);
    });
  const next: RegistrationState = { tsconfig, explicit, ready, unregister: () => ready.then(() => unregister(), () => {}) };
  slot[STATE] = next;
  ready.catch(() => {
    if (slot[STATE] === next) delete slot[STATE];
  });
  return settled(ready.then(() => ({ tsconfig })));
}

/**
 * A failure is reported to whoever awaits the promise, and never as an unhandled rejection when a
 * caller does not await it: `loadHandler` registers again and reports the failure then.
 */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * Makes sure TypeScript is registered for loading `handlerFile`: with `tsconfig` if given; else
 * keeps a registration made with an explicit tsconfig; else registers with the tsconfig found above
 * the handler file (replacing one found for another handler).
 */
export async function ensureTypeScript(handlerFile: string, tsconfig: string | false | undefined, cwd: string): Promise<void> {
  const current = slot[STATE];
  if (tsconfig === undefined && current?.explicit) await current.ready;
  else await registerTypeScript(tsconfig === undefined ? { handlerFile, cwd } : { tsconfig, cwd });
}

function chooseTsconfig(options: RegisterTypeScriptOptions): string | false | undefined {
  if (options.tsconfig === false) return false;
  if (typeof options.tsconfig === 'string') return resolve(options.cwd ?? process.cwd(), options.tsconfig);
  if (options.handlerFile !== undefined) return findTsconfig(options.handlerFile);
  return undefined;
}

function registerBoth(tsconfig: string | false | undefined, cwd = process.cwd()): () => Promise<void> {
  // The ESM hooks take the tsconfig as an option; the CommonJS hooks read TSX_TSCONFIG_PATH once,
  // when registered. The variable is restored so the handler never sees it.
  let unregisterEsm: () => Promise<void>;
  try {
    unregisterEsm = registerEsm(tsconfig === undefined ? {} : { tsconfig });
  } catch (error) {
    throw tsconfigError(tsconfig, error, cwd);
  }
  const previous = process.env.TSX_TSCONFIG_PATH;
  let unregisterCjs: () => void;
  try {
    if (typeof tsconfig === 'string') process.env.TSX_TSCONFIG_PATH = tsconfig;
    unregisterCjs = registerCjs();
  } catch (error) {
    void unregisterEsm();
    throw tsconfigError(tsconfig, error, cwd);
  } finally {
    if (previous === undefined) delete process.env.TSX_TSCONFIG_PATH;
    else process.env.TSX_TSCONFIG_PATH = previous;
  }
  return async () => {
    unregisterCjs();
    await unregisterEsm();
  };
}

function tsconfigError(tsconfig: string | false | undefined, error: unknown, cwd: string): HandlerLoadError {
  const text = error instanceof Error ? error.message : String(error);
  const reason = (text.split('\n', 1)[0] ?? '').trim().replace(/\.$/, '');
  const which = typeof tsconfig === 'string' ? ` ${displayPath(tsconfig, cwd)}` : '';
  return new HandlerLoadError(
    'import-failed',
    `Could not read the TypeScript config${which}: ${reason}. Fix it; tsx reads it (with "extends") to load the handler.`,
    { cause: error },
  );
}
