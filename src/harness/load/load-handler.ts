import { HandlerLoadError } from './handler-load-error.js';
import { describeLoadFailure } from './describe-error.js';
import { describeValue, findExport, isFunction, listExports } from './exports.js';
import { loadModule, moduleFormat, type ModuleFormat } from './module.js';
import { describeNotFound, pathKind } from './not-found.js';
import { displayPath } from './paths.js';
import { ensureTypeScript } from './typescript.js';

/** A handler as Lambda calls it: `(event, context)` or `(event, context, callback)`. */
export type HandlerFunction = (...args: any[]) => unknown;

export interface LoadedHandler {
  handler: HandlerFunction;
  /** Where in the module namespace it was found: `handler`, `process`, `default`, `default.handler`, `default.default`, … */
  exportPath: string;
  /** Absolute path of the handler file. */
  file: string;
  /** How the file was loaded: `import()` for ES modules, `require()` for CommonJS (as Lambda does). */
  format: ModuleFormat;
}

export interface LoadHandlerOptions {
  /** Directory that paths in error messages are relative to (default: `process.cwd()`). */
  cwd?: string;
  /**
   * The tsconfig to register tsx with. By default the one given to an earlier `registerTypeScript`
   * call, else the nearest `tsconfig.json` above the handler file.
   */
  tsconfig?: string | false;
  /** Loads the user's modules afresh (fresh module state) when above 0; see generations.ts. */
  generation?: number;
}

/**
 * Imports the user's handler module, unmodified, and finds the handler function in it: the export
 * named by `#name`, else `handler`; else a `default` function; CommonJS shapes (`module.exports.handler`,
 * TypeScript's `export default` compiled to CommonJS, `module.exports = fn`) too; else the module's
 * only function export. TypeScript is registered first (see `registerTypeScript`) unless it already is.
 * Fails with a `HandlerLoadError` whose message is one line naming the cause and the fix.
 */
export async function loadHandler(
  ref: { file: string; exportName?: string | undefined },
  options: LoadHandlerOptions = {},
): Promise<LoadedHandler> {
  const cwd = options.cwd ?? process.cwd();
  const { file } = ref;
  const exportName = ref.exportName === '' ? undefined : ref.exportName;
  const shown = displayPath(file, cwd);

  if (pathKind(file) !== 'file') throw new HandlerLoadError('not-found', describeNotFound(file, cwd));

  await ensureTypeScript(file, options.tsconfig, cwd);

  const format = moduleFormat(file);
  let namespace: Record<string, unknown>;
  try {
    namespace = await loadModule(file, format, options.generation ?? 0);
  } catch (error) {
    throw new HandlerLoadError('import-failed', describeLoadFailure(error, file, cwd), { cause: error });
  }

  const lookup = findExport(namespace, exportName);
  if ('missing' in lookup) {
    const { asked, exports } = lookup.missing;
    const listed = exports.length > 0 ? `its exports are: ${exports.join(', ')}` : 'it has no exports';
    const what = exportName === undefined ? `no export "handler", no default export and no single function export` : `no export "${asked}"`;
    throw new HandlerLoadError('export-missing', `${shown} has ${what}; ${listed}. Use ${shown}#<name>.`);
  }

  const { value, exportPath, name } = lookup.found;
  if (!isFunction(value)) {
    const others = listExports(namespace)
      .filter((entry) => isFunction(entry.value) && entry.name !== name)
      .map((entry) => entry.name);
    const hint = others.length > 0 ? ` Its function exports are: ${others.join(', ')}; use ${shown}#<name>.` : '';
    throw new HandlerLoadError('not-a-function', `Export "${name}" of ${shown} is ${describeValue(value)}, not a function.${hint}`);
  }
  return { handler: value, exportPath, file, format };
}
