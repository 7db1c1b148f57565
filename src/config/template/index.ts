import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import { displayPath, parseHandlerRef } from '../../harness/index.js';
import type { Source } from '../../model/types.js';
import { ConfigError, oneLine } from '../config-error.js';
import type { ConformanceConfig } from '../types.js';
import { validateConfig } from '../validate.js';
import { readStreamMappings } from './cloudformation.js';
import { isObject, type Template } from './intrinsics.js';
import { mergeTemplate } from './config-over-template.js';
import { functionHandler, selectMapping } from './select.js';
export { mappingsNamed, missingHandler } from './select.js';
import { isServerlessConfig, serverlessTemplate } from './serverless.js';
import type { CheckedHandler, StreamMapping, Unresolved } from './types.js';
import { parseTemplate, TemplateSyntaxError } from './yaml.js';

export type { CheckedHandler, StreamMapping } from './types.js';

export interface ReadTemplateOptions {
  /** What messages show paths relative to. */
  cwd: string;
  /** The handler being checked: picks the mapping. Without it, the chosen mapping's function is the handler. */
  handler?: CheckedHandler | undefined;
  /** The mapping (or function) to use, by logical id. */
  logicalId?: string | undefined;
}

export interface TemplateReading {
  /** What the template says about the chosen mapping: source, table, stream, mapping, downstream tables, function. */
  config: ConformanceConfig;
  /** The chosen mapping's handler file, when none was given and the template names one that exists. */
  handler?: CheckedHandler;
  /** Its function's `Handler`, as the template writes it. */
  handlerWritten?: string;
  /** The mapping used, e.g. `OrdersFunction/Stream`. */
  id: string;
  /** `template: using OrdersFunction/Stream (AWS::Serverless::Function event) from template.yaml`. */
  used: string;
  warnings: string[];
  /** Which of the warnings are about a value the config can give, and its key there. */
  unresolved?: Unresolved[];
}

/**
 * Reads a SAM, CloudFormation (YAML or JSON), CDK synth output or serverless.yml template and
 * what it says about the stream mapping behind the checked handler. Every problem is a one-line
 * `ConfigError`.
 */
export function readTemplate(file: string, options: ReadTemplateOptions): TemplateReading {
  const where = displayPath(file, options.cwd);
  const mappings = streamMappings(file, where);
  const { mapping, warnings } = selectMapping(mappings, { where, cwd: options.cwd, handler: options.handler, logicalId: options.logicalId });
  const handler = options.handler === undefined && mapping.fn !== undefined ? functionHandler(mapping.fn) : undefined;
  return {
    config: mapping.config,
    ...(handler !== undefined && { handler }),
    ...(handler !== undefined && mapping.fn?.handler !== undefined && { handlerWritten: mapping.fn.handler }),
    id: mapping.id,
    used: `template: using ${mapping.id} (${describeKind(mapping)}) from ${where}`,
    warnings: [...warnings, ...mapping.warnings],
    unresolved: mapping.unresolved ?? [],
  };
}

/** `AWS::Serverless::Function event`, `AWS::Lambda::EventSourceMapping of function Handler886CB40B`. */
function describeKind(mapping: StreamMapping): string {
  const fn = mapping.fn;
  return fn === undefined || mapping.id.startsWith(`${fn.id}/`) ? mapping.kind : `${mapping.kind} of function ${fn.id}`;
}

/** Every DynamoDB and Kinesis mapping of the template. */
export function streamMappings(file: string, where: string): StreamMapping[] {
  const document = readDocument(file, where);
  if (isServerlessConfig(document)) return readStreamMappings(serverlessTemplate(document), dirname(file));
  if (!isObject(document) || !isObject(document.Resources)) {
    throw new ConfigError(`${where}: not a CloudFormation, SAM or CDK template (no Resources) nor a serverless.yml (no service and functions)`, { file: where });
  }
  return readStreamMappings(document as Template, dirname(file), where);
}

function readDocument(file: string, where: string): unknown {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`template not found: ${where}; check the path of the template`, { file: where });
  }
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text.replace(/^\uFEFF/, '')) as unknown : parseTemplate(text);
  } catch (error) {
    const reason = error instanceof TemplateSyntaxError ? error.message : `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
    throw new ConfigError(`${where}: ${oneLine(reason)}`, { file: where, cause: error });
  }
}

export interface ApplyTemplateOptions {
  cwd: string;
  /** What paths in the config are relative to. */
  baseDir: string;
  /** The config as shown in messages. */
  where: string;
  /** `--template`, relative to `cwd`: wins over the config's `mapping.fromTemplate`. */
  template?: string | undefined;
  /** The handler positional, relative to `cwd`. */
  handler?: string | undefined;
  /** `--source`: the template's values are checked against it. */
  source?: Source | undefined;
}

export interface AppliedTemplate {
  /** The config (not yet validated) over the template's values; `mapping.fromTemplate` and `logicalId` taken out. */
  config: unknown;
  notes: string[];
  warnings: string[];
  /** When the handler checked is the template's: where it is named, for a message about its export. */
  handlerFrom?: string;
}

/**
 * Fills in what the template says (`--template`, or the config's `mapping: { fromTemplate,
 * logicalId? }`) under the config's own values. A config without a template is returned as is.
 */
export function applyTemplate(config: unknown, options: ApplyTemplateOptions): AppliedTemplate {
  if (!isObject(config)) return { config, notes: [], warnings: [] };
  const { fromTemplate, logicalId, rest } = templateReference(config, options.where);
  const file = options.template !== undefined ? resolve(options.cwd, options.template) : fromTemplate && resolve(options.baseDir, fromTemplate);
  if (file === undefined) {
    if (logicalId !== undefined) throw ConfigError.at(options.where, 'mapping.logicalId', 'needs mapping.fromTemplate (or --template) naming the template');
    return { config, notes: [], warnings: [] };
  }
  const reading = readTemplate(file, { cwd: options.cwd, handler: checkedHandler(config, options), logicalId });
  validateConfig(reading.config, `${displayPath(file, options.cwd)} (${reading.id})`, { json: true, source: options.source });
  const merged = mergeTemplate(reading.config, rest);
  let handlerFrom: string | undefined;
  if (merged.handler === undefined && options.handler === undefined && reading.handler !== undefined) {
    merged.handler = handlerRef(reading.handler, options.baseDir);
    handlerFrom = `the Handler of ${reading.id} in ${displayPath(file, options.cwd)}${reading.handlerWritten === undefined ? '' : ` (${reading.handlerWritten})`}`;
  }
  const needed = (reading.unresolved ?? []).find((u) => u.required !== undefined && !configSets(rest, u.configPath));
  if (needed !== undefined) throw new ConfigError(`${displayPath(file, options.cwd)}: ${needed.required}`, { file: displayPath(file, options.cwd) });
  const setByConfig = new Set((reading.unresolved ?? []).filter((u) => configSets(rest, u.configPath)).map((u) => u.warning));
  return { config: merged, notes: [reading.used], warnings: reading.warnings.filter((w) => !setByConfig.has(w)), ...(handlerFrom !== undefined && { handlerFrom }) };
}

/** `mapping.fromTemplate` and `mapping.logicalId`, checked, and the config without them. */
function templateReference(config: Record<string, unknown>, where: string): { fromTemplate?: string; logicalId?: string; rest: Record<string, unknown> } {
  if (!isObject(config.mapping)) return { rest: config };
  const { fromTemplate, logicalId, ...mapping } = config.mapping;
  for (const [key, value] of [['fromTemplate', fromTemplate], ['logicalId', logicalId]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw ConfigError.at(where, `mapping.${key}`, key === 'fromTemplate'
        ? 'must be the path of a SAM, CloudFormation, CDK or serverless.yml template, relative to the config file'
        : 'must be the logical id of a stream mapping or function in the template');
    }
  }
  const rest: Record<string, unknown> = { ...config, mapping };
  if (Object.keys(mapping).length === 0) delete rest.mapping;
  return { ...(fromTemplate !== undefined && { fromTemplate: fromTemplate as string }), ...(logicalId !== undefined && { logicalId: logicalId as string }), rest };
}

/** The handler being checked: the positional, else the config's; unparsable ones are left for the run to report. */
function checkedHandler(config: Record<string, unknown>, options: ApplyTemplateOptions): CheckedHandler | undefined {
  const [ref, base] = options.handler !== undefined ? [options.handler, options.cwd] : [config.handler, options.baseDir];
  if (typeof ref !== 'string' || ref.trim() === '') return undefined;
  try {
    return parseHandlerRef(ref, base);
  } catch {
    return undefined;
  }
}

function handlerRef(handler: CheckedHandler, baseDir: string): string {
  const path = relative(baseDir, handler.file).split(sep).join('/');
  return handler.exportName === undefined ? path : `${path}#${handler.exportName}`;
}

/**
 * Whether the config gives the value at `path`: a top-level value (`source`), the section's key
 * (sections merge key by key, so the config's key replaces the template's whole value), or the
 * environment variable by name.
 */
function configSets(config: Record<string, unknown>, path: string): boolean {
  const [section, key, ...rest] = path.split('.');
  let value: unknown = config[section!];
  if (section === 'table' && isObject(value) && value.Type === 'AWS::DynamoDB::Table') value = value.Properties;
  if (section === 'downstream' && key === 'dynamodb') return isObject(value) && value.dynamodb !== undefined;
  if (key === undefined) return value !== undefined;
  if (!isObject(value)) return false;
  if (section === 'function' && key === 'Environment' && rest[0] === 'Variables' && rest[1] !== undefined) {
    const variables = isObject(value.Environment) && isObject(value.Environment.Variables) ? value.Environment.Variables : {};
    return variables[rest[1]] !== undefined;
  }
  return value[key] !== undefined;
}
