import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { evictUserModules, generationUrl } from './generations.js';

export type ModuleFormat = 'module' | 'commonjs';

/**
 * How Node (and Lambda's Node.js runtime) treats the file: `.mjs`/`.mts` are ES modules,
 * `.cjs`/`.cts` CommonJS, anything else follows the `type` of the nearest package.json.
 */
export function moduleFormat(file: string): ModuleFormat {
  switch (extname(file).toLowerCase()) {
    case '.mjs':
    case '.mts':
      return 'module';
    case '.cjs':
    case '.cts':
      return 'commonjs';
    default:
      return packageType(dirname(file));
  }
}

function packageType(startDir: string): ModuleFormat {
  let dir = startDir;
  for (;;) {
    let text: string | undefined;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return 'commonjs';
    dir = parent;
  }
}

type Importer = (url: string) => Promise<Record<string, unknown>>;

/**
 * `import()` performed by Node's own ESM loader (with the hooks tsx registered), never by a test
 * runner's or bundler's resolver (vitest rewrites `import()` in the modules it runs). Code made by
 * `new Function` imports like the main context does; where that has no loader (inside vitest's
 * `vm` contexts), a script compiled with `USE_MAIN_CONTEXT_DEFAULT_LOADER` (Node 20.12+) does. That
 * one is only used when needed, because Node prints an experimental warning for it.
 */
const functionImport = new Function('url', 'return import(url)') as Importer;
let importer: Importer | undefined;

async function nativeImport(url: string): Promise<Record<string, unknown>> {
  if (importer) return importer(url);
  try {
    const namespace = await functionImport(url);
    importer = functionImport;
    return namespace;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') throw error;
    importer = mainContextImporter();
    return importer(url);
  }
}

function mainContextImporter(): Importer {
  const mainLoader = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: unknown } | undefined)
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (mainLoader === undefined) return functionImport;
  const script = new vm.Script('(url) => import(url)', {
    filename: 'stream-conformance-handler-import.js',
    importModuleDynamically: mainLoader as never,
  });
  return script.runInThisContext() as Importer;
}

/**
 * Loads the module the way Lambda's Node.js runtime does: `require()` for CommonJS, `import()` for
 * ES modules. A CommonJS module is returned in the shape `import()` gives it (`default` is
 * `module.exports`), so export lookup is the same either way.
 */
export async function loadModule(file: string, format: ModuleFormat, generation = 0): Promise<Record<string, unknown>> {
  if (generation > 0) evictUserModules();
  if (format === 'commonjs') {
    try {
      return { default: createRequire(file)(file) as unknown };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
    }
  }
  return nativeImport(generationUrl(pathToFileURL(file).href, generation));
}
