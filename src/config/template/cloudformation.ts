import { resolve } from 'node:path';
import type { Unresolved } from './types.js';
import type { Source } from '../../model/types.js';
import type { ConformanceConfig } from '../types.js';
import { ConfigError } from '../config-error.js';
import { Intrinsics, isObject, referencedIds, UNRESOLVED, type Resource, type Template } from './intrinsics.js';
import type { HandlerModule, LambdaFunction, StreamMapping } from './types.js';

/** Marks a function that serverless.ts made from a serverless.yml function (for the messages). */
export const SERVERLESS_FUNCTION = 'conformance:serverless-function';

const MAPPING_KEYS = [
  'BatchSize', 'MaximumBatchingWindowInSeconds', 'StartingPosition', 'StartingPositionTimestamp', 'MaximumRetryAttempts',
  'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError', 'ParallelizationFactor', 'FunctionResponseTypes',
  'DestinationConfig', 'FilterCriteria', 'TumblingWindowInSeconds',
];
const NUMERIC_KEYS = new Set([
  'BatchSize', 'MaximumBatchingWindowInSeconds', 'StartingPositionTimestamp', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds',
  'ParallelizationFactor', 'TumblingWindowInSeconds', 'Timeout', 'MemorySize', 'ShardCount',
]);
/** CreateTable's keys of a downstream table (the rest of the resource is of no use to an in-memory table). */
const DOWNSTREAM_TABLE_KEYS = ['KeySchema', 'AttributeDefinitions', 'BillingMode', 'ProvisionedThroughput', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes'];
const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
const TABLE = 'AWS::DynamoDB::Table';
/** SAM's table with a one-attribute key (`PrimaryKey: { Name, Type }`), no stream: a downstream table only. */
const SIMPLE_TABLE = 'AWS::Serverless::SimpleTable';
const DOWNSTREAM_TYPES = new Set([TABLE, SIMPLE_TABLE]);
const SIMPLE_TYPES: Record<string, string> = { String: 'S', Number: 'N', Binary: 'B' };

/** A mapping as found, before its settings are read. */
interface FoundMapping {
  id: string;
  kind: string;
  names: string[];
  fnId: string | undefined;
  props: Record<string, unknown>;
  stream: SourceStream;
}

interface SourceStream {
  source?: Source | 'other';
  tableId?: string;
  streamId?: string;
  /** What the template gets wrong about it that the check can go on without. */
  warning?: string;
}

/**
 * The DynamoDB and Kinesis mappings of a CloudFormation, SAM or CDK template: every
 * `AWS::Lambda::EventSourceMapping` on a stream, and every `DynamoDB`/`Kinesis` event of an
 * `AWS::Serverless::Function`. `dir` is the template's directory (code paths are relative to it).
 */
export function readStreamMappings(template: Template, dir: string, where?: string): StreamMapping[] {
  return new TemplateReader(template, dir, where).mappings();
}

class TemplateReader {
  private readonly intrinsics: Intrinsics;
  private readonly resources: Map<string, Resource>;
  private readonly globals: Record<string, unknown>;

  constructor(
    template: Template,
    private readonly dir: string,
    /** The template's name in messages, when its mistakes are reported (not a serverless.yml's). */
    private readonly where?: string,
  ) {
    this.intrinsics = new Intrinsics(template, where);
    this.resources = new Map(this.intrinsics.resources());
    const globals = isObject(template.Globals) && isObject(template.Globals.Function) ? template.Globals.Function : {};
    this.globals = globals;
  }

  mappings(): StreamMapping[] {
    const found: StreamMapping[] = [];
    for (const [id, resource] of this.resources) {
      if (resource.Type === 'AWS::Lambda::EventSourceMapping') {
        const mapping = this.eventSourceMapping(id, properties(resource));
        if (mapping) found.push(mapping);
      } else if (resource.Type === 'AWS::Serverless::Function') {
        found.push(...this.functionEvents(id, resource));
      }
    }
    return found;
  }

  private eventSourceMapping(id: string, props: Record<string, unknown>): StreamMapping | undefined {
    const stream = this.sourceStream(props.EventSourceArn, `${id}.EventSourceArn`);
    // SQS, Kafka and MQ mappings have no StartingPosition; stream mappings must have one
    if (stream.source === 'other' || (stream.source === undefined && props.StartingPosition === undefined)) return undefined;
    const fnId = this.functionId(props.FunctionName);
    const names = [id, withoutHash(id), ...cdkNames(this.resources.get(id))];
    if (fnId !== undefined) names.push(fnId, withoutHash(fnId));
    return this.describe({ id, kind: 'AWS::Lambda::EventSourceMapping', names, fnId, props, stream });
  }

  private functionEvents(fnId: string, resource: Resource): StreamMapping[] {
    const events = properties(resource).Events;
    if (!isObject(events)) return [];
    const serverless = resource.Metadata?.[SERVERLESS_FUNCTION] === true;
    const kind = serverless ? 'serverless.yml stream event' : 'AWS::Serverless::Function event';
    return Object.entries(events).flatMap(([name, event]) => {
      if (!isObject(event) || (event.Type !== 'DynamoDB' && event.Type !== 'Kinesis')) return [];
      const props = isObject(event.Properties) ? event.Properties : {};
      const id = `${fnId}/${name}`;
      const read = this.sourceStream(props.Stream, `${id}.Stream`);
      const typed = event.Type === 'DynamoDB' ? 'dynamodb' : 'kinesis';
      if (this.where !== undefined && (read.source === 'dynamodb' || read.source === 'kinesis') && read.source !== typed) {
        const right = read.source === 'dynamodb' ? 'DynamoDB' : 'Kinesis';
        throw new ConfigError(`${this.where}: ${id} is a ${String(event.Type)} event reading a ${right === 'DynamoDB' ? 'DynamoDB table\'s stream' : 'Kinesis stream'}: SAM gives its function permissions for the wrong service, so its mapping cannot read the stream; write Type: ${right}`, { file: this.where });
      }
      const stream: SourceStream = { ...read, source: typed };
      return [this.describe({ id, kind, names: [id, fnId, name], fnId, props, stream })];
    });
  }

  private describe(found: FoundMapping): StreamMapping {
    const { id, fnId } = found;
    const warnings: string[] = [];
    const unresolved: Unresolved[] = [];
    const missingIn = (what: string, section: string) => unresolvedIn(what, section, warnings, unresolved);
    if (found.stream.warning !== undefined) warnings.push(found.stream.warning);
    const config = this.sourceSettings(found, warnings, unresolved, missingIn);
    const fnResource = fnId === undefined ? undefined : this.resources.get(fnId);
    let fn: LambdaFunction | undefined;
    if (fnId !== undefined && fnResource !== undefined && FUNCTION_TYPES.has(String(fnResource.Type))) {
      config.function = this.functionSettings(fnResource, missingIn(fnId, 'function'));
      const tables = this.downstreamTables(fnId, fnResource, found.stream.tableId, warnings, missingIn);
      if (tables.length > 0) config.downstream = { dynamodb: { tables } };
      fn = this.lambdaFunction(fnId, fnResource);
    } else if (fnId !== undefined) {
      warnings.push(`template: ${id}: its function ${fnId} is not in the template; function settings and downstream tables are not read`);
    }
    return { id, kind: found.kind, names: unique(found.names), fn, config, warnings, unresolved };
  }

  /** The mapping's properties, its source, and the source table or stream. */
  private sourceSettings({ id, props, stream }: FoundMapping, warnings: string[], unresolved: Unresolved[], missingIn: MissingIn): ConformanceConfig {
    const config: ConformanceConfig = { mapping: this.mappingProperties(props, missingIn(`${id} mapping`, 'mapping')) };
    if (stream.source === 'dynamodb' || stream.source === 'kinesis') config.source = stream.source;
    if (stream.tableId !== undefined) {
      config.table = this.sourceTable(stream.tableId, missingIn(`${stream.tableId}.Properties`, 'table')) as ConformanceConfig['table'];
    } else if (stream.source === 'dynamodb') {
      // its records are made from the table's key schema and stream view: none made up will do
      const warning = `template: ${id} reads a table that is not in the template; set table in the config`;
      warnings.push(warning);
      unresolved.push({
        warning,
        configPath: 'table',
        required: `${id} reads a table that is not in the template (one of another stack, or an ARN written out): set table in a config (its TableName, KeySchema, AttributeDefinitions and StreamSpecification), since the records are made from it`,
      });
    } else if (stream.source === undefined) {
      // e.g. `EventSourceArn: !ImportValue …`: kept, since its StartingPosition makes it a stream mapping
      const warning = `template: ${id}.EventSourceArn: cannot be resolved from the template alone, so the source is unknown; set source (and table for DynamoDB Streams) in the config`;
      warnings.push(warning);
      unresolved.push({ warning, configPath: 'source' });
    }
    if (stream.streamId !== undefined) {
      const shards = coerce('ShardCount', this.intrinsics.evaluate(properties(this.resources.get(stream.streamId)).ShardCount));
      config.stream = { Name: this.intrinsics.nameOf(stream.streamId), ...(typeof shards === 'number' && { ShardCount: shards }) };
    }
    return config;
  }

  /** Where a mapping reads from: the table or stream its ARN refers to, else what the ARN itself says. */
  private sourceStream(arn: unknown, where: string): SourceStream {
    for (const ref of referencedIds(arn)) {
      const resource = this.resources.get(ref);
      if (resource?.Type === TABLE) {
        const warning = this.checkTableStream(ref, arn, where);
        return { source: 'dynamodb', tableId: ref, ...(warning !== undefined && { warning }) };
      }
      if (resource?.Type === 'AWS::Kinesis::Stream') return { source: 'kinesis', streamId: ref };
      if (resource?.Type === 'AWS::Kinesis::StreamConsumer') return { ...this.sourceStream(properties(resource).StreamARN, `${ref}.StreamARN`), source: 'kinesis' };
      if (resource !== undefined) return { source: 'other' };
    }
    const value = this.intrinsics.evaluate(arn);
    if (typeof value !== 'string') return {};
    const table = /^arn:aws[\w-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\//.exec(value);
    if (table) return { source: 'dynamodb', tableId: this.named(TABLE, table[1]!) };
    const kinesis = /^arn:aws[\w-]*:kinesis:[^:]*:[^:]*:stream\/([^/]+)/.exec(value);
    if (kinesis) return { source: 'kinesis', streamId: this.named('AWS::Kinesis::Stream', kinesis[1]!) };
    return /^arn:/.test(value) ? { source: 'other' } : {};
  }

  /**
   * A mapping of a table must name its stream, and the table must have one: CloudFormation gives a
   * table without StreamSpecification no StreamArn, and Lambda takes no table ARN as a stream.
   */
  private checkTableStream(table: string, arn: unknown, where: string): string | undefined {
    if (this.where === undefined) return undefined;
    const value = this.intrinsics.evaluate(arn);
    if (typeof value === 'string' && /:table\/[^/]+$/.test(value)) {
      throw new ConfigError(`${this.where}: ${where} is the ARN of table ${table}, not of its stream: Lambda reads a table's changes from its stream; use !GetAtt ${table}.StreamArn`, { file: this.where });
    }
    if (properties(this.resources.get(table)).StreamSpecification === undefined) {
      return `template: ${where} reads the stream of table ${table}, which has no StreamSpecification, so CloudFormation gives it no StreamArn and the deployment fails; checked as NEW_AND_OLD_IMAGES: add StreamSpecification to ${table} with the view the handler needs`;
    }
    return undefined;
  }

  /** The resource of `type` named `name` (by its name property, or its logical id). */
  private named(type: string, name: string): string | undefined {
    for (const [id, resource] of this.resources) {
      if (resource.Type === type && this.intrinsics.nameOf(id) === name) return id;
    }
    return undefined;
  }

  /** The logical id of the function a mapping's `FunctionName` designates (`!Ref Fn`, `!GetAtt Fn.Arn`, a name, an alias). */
  private functionId(value: unknown): string | undefined {
    for (const ref of referencedIds(value)) {
      const resource = this.resources.get(ref);
      if (FUNCTION_TYPES.has(String(resource?.Type))) return ref;
      if (resource?.Type === 'AWS::Lambda::Alias' || resource?.Type === 'AWS::Lambda::Version') {
        return this.functionId(properties(resource).FunctionName);
      }
    }
    const name = this.intrinsics.evaluate(value);
    if (typeof name !== 'string') return undefined;
    const bare = /:function:([^:]+)/.exec(name)?.[1] ?? name;
    for (const [id, resource] of this.resources) {
      if (FUNCTION_TYPES.has(String(resource.Type)) && this.intrinsics.nameOf(id) === bare) return id;
    }
    return bare;
  }

  private mappingProperties(props: Record<string, unknown>, missing: (path: string) => void): Record<string, unknown> {
    const picked = Object.fromEntries(MAPPING_KEYS.filter((key) => props[key] !== undefined).map((key) => [key, props[key]]));
    const mapping = this.intrinsics.evaluateKnown(picked, '', missing) as Record<string, unknown>;
    for (const key of Object.keys(mapping)) mapping[key] = coerce(key, mapping[key]);
    if (mapping.DestinationConfig !== undefined) {
      const destination = (mapping.DestinationConfig as { OnFailure?: { Destination?: unknown } }).OnFailure?.Destination;
      // SAM's OnFailure also has a Type; an OnSuccess does not apply to stream mappings
      if (destination === undefined) delete mapping.DestinationConfig;
      else mapping.DestinationConfig = { OnFailure: { Destination: destination } };
    }
    if (isObject(mapping.FilterCriteria) && Array.isArray(mapping.FilterCriteria.Filters)) {
      mapping.FilterCriteria = { Filters: mapping.FilterCriteria.Filters.map(filterWithJsonPattern) };
    }
    return mapping;
  }

  private sourceTable(id: string, missing: (path: string) => void): Record<string, unknown> {
    const props = properties(this.resources.get(id));
    const picked = pick(props, ['KeySchema', 'AttributeDefinitions', 'StreamSpecification', 'TimeToLiveSpecification']);
    const table = this.intrinsics.evaluateKnown(picked, '', missing) as Record<string, unknown>;
    if (isObject(table.StreamSpecification)) table.StreamSpecification = pick(table.StreamSpecification, ['StreamViewType']);
    const ttl = table.TimeToLiveSpecification;
    if (isObject(ttl)) table.TimeToLiveSpecification = { ...ttl, Enabled: ttl.Enabled === true || ttl.Enabled === 'true' };
    return { TableName: this.intrinsics.nameOf(id), ...table };
  }

  /** Timeout, MemorySize and environment variables, SAM's `Globals.Function` under the function's own. */
  private functionSettings(resource: Resource, missing: (path: string) => void): NonNullable<ConformanceConfig['function']> {
    const props = properties(resource);
    const settings: NonNullable<ConformanceConfig['function']> = {};
    for (const key of ['Timeout', 'MemorySize'] as const) {
      const value = coerce(key, this.intrinsics.evaluateKnown(props[key] ?? this.ownGlobal(resource, key), key, missing));
      if (value !== undefined) settings[key] = value as number;
    }
    const variables = {
      ...variablesOf(this.ownGlobal(resource, 'Environment')),
      ...variablesOf(props.Environment),
    };
    const evaluated = this.intrinsics.evaluateKnown(variables, 'Environment.Variables', missing) as Record<string, unknown>;
    const strings = Object.entries(evaluated).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
    if (strings.length > 0) settings.Environment = { Variables: Object.fromEntries(strings.map(([k, v]) => [k, String(v)])) };
    return settings;
  }

  private ownGlobal(resource: Resource, key: string): unknown {
    return resource.Type === 'AWS::Serverless::Function' ? this.globals[key] : undefined;
  }

  /**
   * The tables the function refers to (environment, SAM policies, its role's policies), the source
   * table aside. A function that refers to none gets every other table of the template: a table
   * the handler does not write stays empty, while an undeclared one it writes stops the run.
   */
  private downstreamTables(fnId: string, resource: Resource, sourceTableId: string | undefined, warnings: string[], missingIn: MissingIn): Record<string, unknown>[] {
    const props = properties(resource);
    const refs = [
      ...referencedIds([props.Environment, props.Policies, variablesOf(this.ownGlobal(resource, 'Environment'))]),
      ...this.rolePolicyRefs(props.Role),
    ];
    const isTable = (ref: string) => DOWNSTREAM_TYPES.has(String(this.resources.get(ref)?.Type));
    const named = this.tablesNamedIn([props.Environment, props.Policies, variablesOf(this.ownGlobal(resource, 'Environment'))], isTable);
    let ids = unique([...refs, ...named]).filter((ref) => ref !== sourceTableId && isTable(ref));
    if (ids.length === 0) {
      ids = [...this.resources.keys()].filter((id) => id !== sourceTableId && isTable(id));
      if (ids.length > 0) {
        warnings.push(`template: ${fnId} refers to no table${sourceTableId === undefined ? '' : ' but its source'} (no !Ref in its Environment or Policies), so every other table of the template is declared downstream in case it writes one (${ids.join(', ')}); nothing to do if it writes none, else declare its tables in a config (downstream.dynamodb.tables) to check against those alone`);
      }
    }
    return ids.map((id) => this.downstreamTable(id, missingIn));
  }

  /**
   * Tables a function names by their name rather than by a reference: an environment variable
   * `STOCK_TABLE: stock-levels`, a SAM policy's `TableName`, a table ARN written out (with `!Sub`
   * or as a literal), matched against each table's name in the template.
   */
  private tablesNamedIn(values: unknown[], isTable: (id: string) => boolean): string[] {
    const strings = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.add(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (isObject(value)) Object.values(value).forEach(collect);
    };
    collect(this.intrinsics.evaluateKnown(values, '', () => undefined));
    const names = (name: string) => [...strings].some((s) => s === name || s.endsWith(`:table/${name}`) || s.includes(`:table/${name}/`));
    return [...this.resources.keys()].filter((id) => isTable(id) && names(this.intrinsics.nameOf(id)));
  }

  /** What the policies of the function's role refer to: the role's own, and `AWS::IAM::Policy` resources attached to it (CDK). */
  private rolePolicyRefs(role: unknown): string[] {
    const roleIds = referencedIds(role).filter((ref) => this.resources.get(ref)?.Type === 'AWS::IAM::Role');
    const refs: string[] = [];
    for (const roleId of roleIds) {
      const roleProps = properties(this.resources.get(roleId));
      refs.push(...referencedIds([roleProps.Policies, roleProps.ManagedPolicyArns]));
      for (const [, policy] of this.resources) {
        if (policy.Type !== 'AWS::IAM::Policy' && policy.Type !== 'AWS::IAM::ManagedPolicy') continue;
        const policyProps = properties(policy);
        if (referencedIds(policyProps.Roles).includes(roleId)) refs.push(...referencedIds(policyProps.PolicyDocument));
      }
    }
    return refs;
  }

  private downstreamTable(id: string, missingIn: MissingIn): Record<string, unknown> {
    const resource = this.resources.get(id);
    const picked = resource?.Type === SIMPLE_TABLE ? simpleTableKey(properties(resource)) : pick(properties(resource), DOWNSTREAM_TABLE_KEYS);
    const known = this.intrinsics.evaluateKnown(picked, '', missingIn(`${id}.Properties`, 'downstream.dynamodb')) as Record<string, unknown>;
    return { TableName: this.intrinsics.nameOf(id), ...known };
  }

  private lambdaFunction(id: string, resource: Resource): LambdaFunction {
    const props = properties(resource);
    const handler = this.intrinsics.evaluate(props.Handler ?? this.ownGlobal(resource, 'Handler'));
    const written = typeof handler === 'string' ? handler : undefined;
    return { id, handler: written, modules: this.handlerModules(resource, written), names: unique([id, withoutHash(id), ...cdkNames(resource)]) };
  }

  /**
   * The files a handler setting stands for: `Handler` under the code directory (SAM `CodeUri`, a
   * local `Code` path, a CDK asset), and SAM esbuild entry points.
   */
  private handlerModules(resource: Resource, handler: string | undefined): HandlerModule[] {
    const dot = handler?.lastIndexOf('.') ?? -1;
    const exportName = handler !== undefined && dot !== -1 ? handler.slice(dot + 1) : undefined;
    const modules: HandlerModule[] = [];
    const code = this.codeDirectory(resource);
    if (code !== undefined && handler !== undefined && dot > 0) {
      modules.push({ path: resolve(code.dir, handler.slice(0, dot)), exact: false, bundled: code.bundled, exportName });
    }
    const build = isObject(resource.Metadata?.BuildProperties) ? resource.Metadata.BuildProperties : {};
    if (Array.isArray(build.EntryPoints)) {
      for (const entry of build.EntryPoints) {
        if (typeof entry === 'string') modules.push({ path: resolve(code?.dir ?? this.dir, entry), exact: true, bundled: false, exportName });
      }
    }
    return modules;
  }

  private codeDirectory(resource: Resource): { dir: string; bundled: boolean } | undefined {
    const asset = resource.Metadata?.['aws:asset:path'];
    if (typeof asset === 'string') return { dir: resolve(this.dir, asset), bundled: true };
    const props = properties(resource);
    const code = resource.Type === 'AWS::Serverless::Function' ? props.CodeUri ?? this.globals.CodeUri ?? '.' : props.Code;
    return typeof code === 'string' ? { dir: resolve(this.dir, code), bundled: false } : undefined;
  }
}

type MissingIn = (what: string, section: string) => (path: string) => void;

/**
 * Records, in `warnings`, a value of `what` the template alone cannot give, and in `unresolved`
 * the config key that would give it (a config setting it silences the warning).
 */
function unresolvedIn(what: string, section: string, warnings: string[], unresolved: Unresolved[]): (path: string) => void {
  return (path) => {
    const configPath = section === 'downstream.dynamodb' || path === '' ? section : `${section}.${path}`;
    const warning = `template: ${what}${path === '' ? '' : `.${path}`}: cannot be resolved from the template alone; left out (set ${configPath} in a config, and the template gives the rest)`;
    warnings.push(warning);
    unresolved.push({ warning, configPath });
  };
}

/** The key of a SAM SimpleTable (default: `id`, a string) as CreateTable's. */
function simpleTableKey(props: Record<string, unknown>): Record<string, unknown> {
  const key = isObject(props.PrimaryKey) ? props.PrimaryKey : {};
  const name = key.Name ?? 'id';
  const type = typeof key.Type === 'string' ? SIMPLE_TYPES[key.Type] ?? key.Type : 'S';
  return { KeySchema: [{ AttributeName: name, KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: name, AttributeType: type }] };
}

function properties(resource: Resource | undefined): Record<string, unknown> {
  return isObject(resource?.Properties) ? resource.Properties : {};
}

function variablesOf(environment: unknown): Record<string, unknown> {
  return isObject(environment) && isObject(environment.Variables) ? environment.Variables : {};
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => object[key] !== undefined).map((key) => [key, object[key]]));
}

/** Templates write numbers as strings (`BatchSize: "10"`) and booleans as `"true"`; the config wants them typed. */
function coerce(key: string, value: unknown): unknown {
  if (value === UNRESOLVED) return undefined;
  if (NUMERIC_KEYS.has(key) && typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  if (key === 'BisectBatchOnFunctionError' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** A filter pattern written as YAML (not as a JSON string) is turned into its JSON. */
function filterWithJsonPattern(filter: unknown): unknown {
  if (isObject(filter) && filter.Pattern !== undefined && typeof filter.Pattern !== 'string') {
    return { ...filter, Pattern: JSON.stringify(filter.Pattern) };
  }
  return filter;
}

/** CDK appends an 8-character hash to logical ids: `OrdersTable1A2B3C4D` names the construct `OrdersTable`. */
export function withoutHash(id: string): string {
  return /^(.{3,})[0-9A-F]{8}$/.exec(id)?.[1] ?? id;
}

/** The construct ids of a CDK resource's `aws:cdk:path` (`Stack/OrdersHandler/Resource` → `OrdersHandler`). */
function cdkNames(resource: Resource | undefined): string[] {
  const path = resource?.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return [];
  return path.split('/').slice(1).filter((part) => part !== 'Resource' && part !== 'Default');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
