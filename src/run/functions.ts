import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { finishConfig, readRawConfig, type LoadConfigOptions, type RawConfig } from '../config/load.js';
import { mappingsNamed, missingHandler, streamMappings, type StreamMapping } from '../config/template/index.js';
import type { LoadedConfig } from '../config/types.js';
import { displayPath, parseHandlerRef } from '../harness/index.js';

/** One function to check: its config, and the name its section carries when there are several. */
export interface FunctionPlan {
  name?: string;
  loaded: LoadedConfig;
}

/** Keys of a `functions` entry merged key by key over the top level's (the others replace it). */
const MERGED_KEYS = new Set(['mapping', 'function', 'downstream', 'stream', 'rules']);

/**
 * The functions one command checks: each entry of the config's `functions` (over the top-level
 * keys); else, with a template and no handler anywhere, every stream mapping of the template;
 * else the one the config (or the command line) names, exactly as `loadConfig` gives it.
 */
export async function loadFunctions(options: LoadConfigOptions): Promise<FunctionPlan[]> {
  const read = await readRawConfig(options);
  const raw = isObject(read.raw) ? read.raw : undefined;
  if (raw !== undefined && raw.functions !== undefined) return fromEntries(read, raw, options);
  const template = options.template !== undefined ? resolve(options.cwd, options.template) : templateOf(raw, read.baseDir);
  if (template !== undefined && options.logicalId !== undefined) {
    const named = streamMappings(template, displayPath(template, options.cwd)).find((m) => m.id === options.logicalId);
    if (named !== undefined) return [fromMapping(read, raw ?? {}, options, named)];
  }
  if (template !== undefined && options.handler === undefined && raw?.handler === undefined) {
    const mappings = streamMappings(template, displayPath(template, options.cwd));
    if (mappings.length > 1) return mappings.map((m) => fromMapping(read, raw ?? {}, options, m));
  }
  if (read.file === undefined && options.template === undefined) return [{ loaded: { config: {}, file: undefined, baseDir: read.baseDir, warnings: read.warnings } }];
  return [{ loaded: finishConfig(read, read.raw, options) }];
}

/**
 * The template mapping a command-line argument names in place of a handler (no such file, and a
 * function's logical id or `Function/Event`), or undefined when it is meant as a handler path.
 */
export function mappingNamed(argument: string, template: string, cwd: string): string | undefined {
  if (/[#.\\]/.test(argument) || existsSync(resolve(cwd, argument))) return undefined;
  const matching = mappingsNamed(streamMappings(resolve(cwd, template), displayPath(resolve(cwd, template), cwd)), argument);
  if (matching.length > 1) {
    throw new ConfigError(`${template}: ${argument} has ${matching.length} stream mappings (${matching.map((m) => m.id).join(', ')}): pass one of them`, { file: template });
  }
  return matching[0]?.id;
}

function fromEntries(read: RawConfig, raw: Record<string, unknown>, options: LoadConfigOptions): FunctionPlan[] {
  const { functions, ...base } = raw;
  if (!Array.isArray(functions) || functions.length === 0) {
    throw ConfigError.at(read.where, 'functions', 'must be a non-empty list of functions, e.g. functions: [{ handler: "src/orders.ts" }, { handler: "src/audit.ts", source: "kinesis" }]');
  }
  const names = new Set<string>();
  const plans = functions.map((entry: unknown, i): FunctionPlan & { file: string | undefined } => {
    const path = `functions[${i}]`;
    if (!isObject(entry)) throw ConfigError.at(read.where, path, 'must be an object such as { handler: "src/orders.ts" }, with any config key to override');
    const { name, ...overrides } = entry;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw ConfigError.at(read.where, `${path}.name`, 'must be a non-empty string naming the function in the reports');
    const config = merge(base, overrides);
    const loaded = finishConfig(read, config, { ...options, handler: undefined }, `${read.where} (${path})`);
    const label = (name as string | undefined) ?? loaded.config.handler ?? `function ${i + 1}`;
    if (names.has(label)) throw ConfigError.at(read.where, `${path}.name`, `${JSON.stringify(label)} names two functions; give each entry its own name`);
    names.add(label);
    return { name: label, loaded, file: handlerFile(loaded) };
  });
  if (options.handler === undefined) return plans.map(({ name, loaded }) => ({ name: name!, loaded }));
  // a handler on the command line checks only the entries of that handler
  const wanted = parseHandlerRef(options.handler, options.cwd).file;
  const chosen = plans.filter((p) => p.file === wanted);
  if (chosen.length === 0) {
    throw ConfigError.at(read.where, 'functions', `has no entry for the handler ${options.handler} (found: ${plans.map((p) => p.name).join(', ')}); run without a handler to check them all, or add it to functions`);
  }
  return chosen.map(({ name, loaded }) => ({ name: name!, loaded }));
}

function fromMapping(read: RawConfig, raw: Record<string, unknown>, options: LoadConfigOptions, streamMapping: StreamMapping): FunctionPlan {
  const id = streamMapping.id;
  const mapping = isObject(raw.mapping) ? raw.mapping : {};
  const loaded = finishConfig(read, { ...raw, mapping: { ...mapping, logicalId: id } }, options, `${read.where} (${id})`);
  if (loaded.config.handler === undefined) {
    throw new ConfigError(
      `${read.where}: cannot find the source file of ${id}'s handler: ${missingHandler(streamMapping.fn, options.cwd)}; or list the functions to check in the config: functions: [{ handler: "src/….ts", mapping: { logicalId: "${id}" } }, …]`,
      { file: read.where },
    );
  }
  return { name: id, loaded };
}

function merge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const under = out[key];
    out[key] = MERGED_KEYS.has(key) && isObject(under) && isObject(value) ? { ...under, ...value } : value;
  }
  return out;
}

function templateOf(raw: Record<string, unknown> | undefined, baseDir: string): string | undefined {
  const mapping = raw?.mapping;
  if (!isObject(mapping) || typeof mapping.fromTemplate !== 'string' || mapping.logicalId !== undefined) return undefined;
  return resolve(baseDir, mapping.fromTemplate);
}

function handlerFile(loaded: LoadedConfig): string | undefined {
  if (loaded.config.handler === undefined) return undefined;
  try {
    return parseHandlerRef(loaded.config.handler, loaded.baseDir).file;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
