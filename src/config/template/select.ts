import { existsSync, statSync } from 'node:fs';
import { extname, relative } from 'node:path';
import { displayPath } from '../../harness/index.js';
import { ConfigError } from '../config-error.js';
import type { CheckedHandler, HandlerModule, LambdaFunction, StreamMapping } from './types.js';

const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
/** Path segments too common to tell functions apart by. */
const GENERIC_SEGMENTS = new Set(['index', 'handler', 'handlers', 'src', 'lib', 'dist', 'build', 'lambda', 'lambdas', 'functions', 'function', 'app', 'main', 'resource']);

export interface SelectOptions {
  /** The template as shown in messages. */
  where: string;
  cwd: string;
  handler?: CheckedHandler | undefined;
  logicalId?: string | undefined;
}

export interface Selection {
  mapping: StreamMapping;
  warnings: string[];
}

/**
 * The mapping the checked handler is behind: the one `logicalId` names; else the one whose
 * function's handler is the checked file (then, loosely, the one whose code path or construct name
 * looks like it); else the template's only one. Anything else is a one-line `ConfigError` listing
 * what the template has.
 */
export function selectMapping(mappings: StreamMapping[], options: SelectOptions): Selection {
  const { where, handler, logicalId } = options;
  if (mappings.length === 0) {
    throw new ConfigError(
      `${where}: no DynamoDB or Kinesis stream mapping found (no AWS::Lambda::EventSourceMapping on a stream, no stream event on a function); add one to the template, or set source, table and mapping in the config instead`,
      { file: where },
    );
  }
  if (logicalId !== undefined) return { mapping: byLogicalId(mappings, logicalId, where), warnings: [] };
  if (handler === undefined) {
    if (mappings.length === 1) return { mapping: mappings[0]!, warnings: [] };
    throw new ConfigError(`${where}: has ${mappings.length} stream mappings, found: ${list(mappings)}; pass the handler to check, or set mapping.logicalId in the config`, { file: where });
  }
  const shown = displayPath(handler.file, options.cwd);
  for (const matches of [(fn: LambdaFunction) => exactly(fn, handler), (fn: LambdaFunction) => byPath(fn, handler), (fn: LambdaFunction) => byName(fn, handler, options.cwd)]) {
    const found = bestOf(mappings, matches);
    if (found.length === 1) return { mapping: found[0]!, warnings: [] };
    if (found.length > 1) {
      throw new ConfigError(`${where}: the handler ${shown} matches ${found.length} stream mappings: ${list(found)}; set mapping.logicalId in the config to one of them`, { file: where });
    }
  }
  if (mappings.length === 1) {
    const only = mappings[0]!;
    const warnings = only.fn?.modules.some((m) => !m.bundled)
      ? [`template: the handler ${shown} does not look like ${describe(only)}'s; using it, the template's only stream mapping`]
      : [];
    return { mapping: only, warnings };
  }
  throw new ConfigError(`${where}: no stream mapping for the handler ${shown}, found: ${list(mappings)}; pass the handler of one of them or its name (${mappings[0]!.id}, say), or set mapping.logicalId in the config`, { file: where });
}

/** The source file of a function's handler, when the template names one that exists. */
export function functionHandler(fn: LambdaFunction): CheckedHandler | undefined {
  for (const module of fn.modules) {
    if (module.bundled) continue;
    const candidates = module.exact ? [module.path] : HANDLER_EXTENSIONS.map((extension) => module.path + extension);
    const file = candidates.find(isFile);
    if (file !== undefined) return module.exportName === undefined ? { file } : { file, exportName: module.exportName };
  }
  return undefined;
}

/** Why a function's handler has no source file here: what the template names, and which files were looked for. */
export function missingHandler(fn: LambdaFunction | undefined, cwd: string): string {
  if (fn === undefined) return 'the template does not define the function';
  const own = fn.modules.filter((m) => !m.bundled);
  if (own.length === 0) return fn.modules.length > 0 ? 'its code is a bundled asset, whose sources the template does not name' : `${fn.handler === undefined ? 'it has no Handler' : `its Handler ${fn.handler} is not under a code directory the template names`}`;
  const tried = own.map((m) => displayPath(m.path, cwd) + (m.exact ? '' : `{${HANDLER_EXTENSIONS.join(',')}}`));
  return `no file ${tried.join(' or ')} exists (from its CodeUri and Handler ${fn.handler ?? ''}, or its esbuild EntryPoints); fix them in the template`;
}

/** The mappings a logical id names: by any of their names, narrowed to the one it is the id of when several share the name. */
export function mappingsNamed(mappings: StreamMapping[], logicalId: string): StreamMapping[] {
  const named = mappings.filter((m) => m.names.includes(logicalId));
  const exact = named.filter((m) => m.id === logicalId);
  return named.length > 1 && exact.length === 1 ? exact : named;
}

function byLogicalId(mappings: StreamMapping[], logicalId: string, where: string): StreamMapping {
  const named = mappingsNamed(mappings, logicalId);
  if (named.length === 1) return named[0]!;
  if (named.length === 0) {
    throw new ConfigError(`${where}: no stream mapping or function with logicalId ${logicalId}, found: ${list(mappings)}; set mapping.logicalId to one of these`, { file: where, path: 'mapping.logicalId' });
  }
  throw new ConfigError(`${where}: logicalId ${logicalId} names ${named.length} stream mappings: ${list(named)}; set mapping.logicalId to one of these`, { file: where, path: 'mapping.logicalId' });
}

/** The mappings whose function scores highest (above 0) by `score`. */
function bestOf(mappings: StreamMapping[], score: (fn: LambdaFunction) => number): StreamMapping[] {
  const scored = mappings.map((m) => ({ m, score: m.fn ? score(m.fn) : 0 }));
  const best = Math.max(0, ...scored.map((s) => s.score));
  return best === 0 ? [] : scored.filter((s) => s.score === best).map((s) => s.m);
}

/** The handler setting is the checked file (and export, when one was asked for). */
function exactly(fn: LambdaFunction, handler: CheckedHandler): number {
  const file = withoutExtension(handler.file);
  return fn.modules.some((m) => !m.bundled && withoutExtension(m.path) === file && exportFits(m, handler)) ? 1 : 0;
}

/** How many trailing path segments the handler setting shares with the checked file (`dist/orders/index` ~ `src/orders/index.ts`). */
function byPath(fn: LambdaFunction, handler: CheckedHandler): number {
  const checked = segments(withoutExtension(handler.file)).reverse();
  let best = 0;
  for (const module of fn.modules) {
    if (module.bundled || !exportFits(module, handler)) continue;
    const own = segments(withoutExtension(module.path)).reverse();
    let shared = 0;
    while (shared < Math.min(own.length, checked.length) && own[shared] === checked[shared]) shared++;
    best = Math.max(best, shared);
  }
  return best;
}

/** A construct or logical id that names a directory or file of the checked handler (CDK: `OrdersHandler` ~ `src/orders-handler.ts`). */
function byName(fn: LambdaFunction, handler: CheckedHandler, cwd: string): number {
  const words = segments(withoutExtension(relative(cwd, handler.file))).map(normalize).filter((w) => w.length >= 3 && !GENERIC_SEGMENTS.has(w));
  const names = fn.names.map(normalize);
  if (words.some((w) => names.includes(w))) return 2;
  return words.some((w) => names.some((n) => n.includes(w) || (w.includes(n) && n.length >= 3 && !GENERIC_SEGMENTS.has(n)))) ? 1 : 0;
}

function exportFits(module: HandlerModule, handler: CheckedHandler): boolean {
  return handler.exportName === undefined || module.exportName === undefined || module.exportName === handler.exportName;
}

/** `OrdersFunction/Stream (src/handler.handler)`, `OrdersMapping (OrdersHandler: index.handler)`, … */
function describe(mapping: StreamMapping): string {
  const fn = mapping.fn;
  if (fn === undefined) return `${mapping.id} (function not in the template)`;
  const handler = fn.handler ?? 'no Handler';
  return mapping.id.startsWith(`${fn.id}/`) ? `${mapping.id} (${handler})` : `${mapping.id} (${fn.id}: ${handler})`;
}

function list(mappings: StreamMapping[]): string {
  return mappings.map(describe).join(', ');
}

export function withoutExtension(path: string): string {
  const extension = extname(path);
  return HANDLER_EXTENSIONS.includes(extension.toLowerCase()) ? path.slice(0, -extension.length) : path;
}

function segments(path: string): string[] {
  return path.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
}

function normalize(word: string): string {
  return word.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
