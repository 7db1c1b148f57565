import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { displayPath } from '../harness/index.js';
import type { Source } from '../model/types.js';
import { discoverConfig } from './discover.js';
import { ConfigError, oneLine } from './config-error.js';
import { applyTemplate } from './template/index.js';
import type { LoadedConfig } from './types.js';
import { validateConfig } from './validate.js';

export interface LoadConfigOptions {
  /** Working directory: where the config is looked for, and what `file` is relative to. */
  cwd: string;
  /** The config file (`--config`); default: `conformance.config.{ts,mts,js,mjs,json}` in `cwd`. */
  file?: string;
  /** The source the run will use when it overrides the config's (`--source`); mapping ranges depend on it. */
  source?: Source;
  /** A template to read settings from (`--template`, relative to `cwd`); wins over the config's `mapping.fromTemplate`. */
  template?: string;
  /** The handler positional (relative to `cwd`): picks the template's mapping. */
  handler?: string;
  /** The template's mapping named on the command line in place of a handler (`OrdersFunction`, `OrdersFunction/Stream`). */
  logicalId?: string;
}

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/**
 * Loads and validates the config. JSON is parsed as is; TS/JS configs are imported through tsx
 * (no global registration, ESM or CommonJS projects), taking their default export. A template
 * (`template`, or the config's `mapping.fromTemplate`) gives defaults under the config's values.
 * Every problem is a one-line `ConfigError`. No config file and no template gives
 * `{ config: {}, file: undefined, baseDir: cwd }`.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const read = await readRawConfig(options);
  if (read.file === undefined && options.template === undefined) return { config: {}, file: undefined, baseDir: read.baseDir, warnings: read.warnings };
  return finishConfig(read, read.raw, options);
}

/** The config file as written (not yet over a template, not validated), and where it is. */
export interface RawConfig {
  raw: unknown;
  file: string | undefined;
  baseDir: string;
  /** The config (or the template, without one) as messages show it. */
  where: string;
  json: boolean;
  warnings: string[];
}

/** Finds and reads the config file; no file gives `raw` `{}`. */
export async function readRawConfig(options: LoadConfigOptions): Promise<RawConfig> {
  const cwd = resolve(options.cwd);
  const warnings: string[] = [];
  let file: string | undefined;
  if (options.file !== undefined) {
    file = resolve(cwd, options.file);
    if (!isFile(file)) {
      throw new ConfigError(`config file not found: ${displayPath(file, cwd)}; check the --config path`, { file: options.file });
    }
  } else {
    const found = discoverConfig(cwd);
    file = found.file;
    if (found.warning) warnings.push(found.warning);
  }
  const where = file === undefined ? displayPath(resolve(cwd, options.template ?? ''), cwd) : displayPath(file, cwd);
  const baseDir = file === undefined ? cwd : dirname(file);
  const extension = file === undefined ? '.json' : extname(file).toLowerCase();
  const raw = file === undefined ? {} : await readConfigFile(file, where, extension);
  return { raw, file, baseDir, where, json: extension === '.json', warnings };
}

/** A config (the file's, or one function of it) over the template it names, validated. */
export function finishConfig(read: RawConfig, raw: unknown, options: LoadConfigOptions, where = read.where): LoadedConfig {
  const cwd = resolve(options.cwd);
  const applied = applyTemplate(raw, { cwd, baseDir: read.baseDir, where, template: options.template, handler: options.handler, source: options.source });
  const config = validateConfig(applied.config, where, { json: read.json, source: options.source });
  return { config, file: read.file, baseDir: read.baseDir, warnings: [...read.warnings, ...applied.warnings], notes: applied.notes, ...(applied.handlerFrom !== undefined && { handlerFrom: applied.handlerFrom }) };
}

async function readConfigFile(file: string, where: string, extension: string): Promise<unknown> {
  if (extension === '.json') return readJson(file, where);
  if (MODULE_EXTENSIONS.has(extension)) return importConfigModule(file, where);
  throw new ConfigError(`${where}: unsupported config file type; use .ts, .mts, .js, .mjs or .json`, { file: where });
}

function readJson(file: string, where: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${where}: cannot be read: ${messageOf(error)}`, { file: where, cause: error });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = jsonReason(messageOf(error));
    const { line, column } = lineAndColumn(text, jsonErrorIndex(text, messageOf(error)));
    throw new ConfigError(`${where}: invalid JSON at line ${line}, column ${column}: ${reason}`, { file: where, cause: error });
  }
}

async function importConfigModule(file: string, where: string): Promise<unknown> {
  let namespace: unknown;
  try {
    const { tsImport } = await import('tsx/esm/api');
    namespace = await tsImport(pathToFileURL(file).href, { parentURL: import.meta.url });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const hint = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
      ? 'check the imports of the config (is every package it imports installed?)'
      : 'fix the config file (or what it imports) so that it loads';
    throw new ConfigError(`${where}: threw while loading: ${messageOf(error)}; ${hint}`, { file: where, cause: error });
  }
  const exports = namespace as { default?: unknown } | null | undefined;
  let config = exports?.default;
  // TypeScript compiled to CommonJS: `exports.default = …` arrives as `{ default: … }`.
  // (`default` is no config key, so an object holding one is such a wrapper.)
  if (isObject(config) && 'default' in config) {
    config = config.default;
  }
  if (config === undefined) {
    throw new ConfigError(`${where}: has no default export; write export default defineConfig({ ... })`, { file: where });
  }
  return config;
}

/** V8's message without its position and without the echo of the whole text. */
function jsonReason(message: string): string {
  const echoed = /^(Unexpected token .+?), ".*" is not valid JSON$/s.exec(message);
  const reason = echoed?.[1] ?? message.replace(/ in JSON at position \d+.*$/s, '');
  return oneLine(reason);
}

/** Where JSON.parse gave up: found by scanning, else from V8's message, else the end of the text. */
function jsonErrorIndex(text: string, message: string): number {
  const scanned = scanJson(text);
  if (scanned >= 0) return scanned;
  const reported = /at position (\d+)/.exec(message);
  return reported ? Number(reported[1]) : text.length;
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(index, text.length));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * The index of the first character that makes `text` invalid JSON (RFC 8259), or -1 when it is
 * valid. Only locates errors: JSON.parse does the parsing.
 */
export function scanJson(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const c = text[i] ?? '';
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        const e = text[i] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (e !== '' && '"\\/bfnrt'.includes(e)) {
          i++;
        } else {
          fail();
        }
      } else if (c < ' ') {
        fail();
      } else {
        i++;
      }
    }
    fail();
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    number.lastIndex = i;
    if (number.test(text)) {
      i = number.lastIndex;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof JsonStop) return error.index;
    throw error;
  }
}

class JsonStop {
  constructor(readonly index: number) {}
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}
