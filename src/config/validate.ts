import fc from 'fast-check';
import { outboxOperations, readTableDeclarations, TableDeclarationError, type DynaliteStore, type TableDeclaration } from '../harness/index.js';
import { MappingError, resolveMapping } from '../model/mapping.js';
import type { Source } from '../model/types.js';
import { ConfigError } from './config-error.js';
import { nearest, orList } from '../core/suggest.js';
import { attributeProblem } from './validate-attributes.js';
import { ruleIds, type ConformanceConfig, type SourceTable } from './types.js';

export interface ValidateOptions {
  /** A JSON config cannot hold functions; the messages say so. Default: `where` ends in `.json`. */
  json?: boolean;
  /** The source the run will use (a CLI `--source` overrides the config's); mapping ranges depend on it. */
  source?: Source;
}

const TOP_KEYS = [
  'handler', 'source', 'table', 'items', 'stream', 'mapping', 'downstream', 'function', 'rules', 'runs',
  'timeBudgetSeconds',
];

/** `AWS::DynamoDB::Table` properties the tool does not use: accepted so templates paste cleanly. */
const IGNORED_TABLE_KEYS = new Set([
  'TableName', 'BillingMode', 'ProvisionedThroughput', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'Tags',
  'PointInTimeRecoverySpecification', 'SSESpecification', 'TableClass', 'DeletionProtectionEnabled',
  'ContributorInsightsSpecification', 'KinesisStreamSpecification', 'ImportSourceSpecification', 'OnDemandThroughput',
  'WarmThroughput', 'ResourcePolicy',
]);

/** Resource attributes next to `Type` and `Properties` when a whole CloudFormation resource is pasted. */
const IGNORED_RESOURCE_KEYS = new Set(['DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'DependsOn', 'Metadata', 'UpdatePolicy']);

/** `AWS::Kinesis::Stream` properties the tool does not use. */
const IGNORED_STREAM_KEYS = new Set([
  'Name', 'RetentionPeriodHours', 'StreamEncryption', 'StreamModeDetails', 'Tags', 'DesiredShardLevelMetrics',
]);

/** `AWS::Lambda::Function` / `AWS::Serverless::Function` properties the tool does not use. */
const IGNORED_FUNCTION_KEYS = new Set([
  'FunctionName', 'Runtime', 'Handler', 'Role', 'CodeUri', 'Code', 'Architectures', 'Layers', 'Tags', 'Description',
  'Policies', 'Events', 'ReservedConcurrentExecutions', 'VpcConfig', 'TracingConfig', 'DeadLetterQueue',
  'EphemeralStorage', 'LoggingConfig', 'PackageType', 'ImageUri', 'KmsKeyArn', 'SnapStart', 'RuntimeManagementConfig',
  'AutoPublishAlias', 'DeploymentPreference', 'FunctionUrlConfig',
]);

/** DynamoDB's rule for table names (CreateTable, TableName). */
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const STREAM_VIEW_TYPES = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];
const RULE_SETTINGS = ['error', 'warn', 'off'];

/** The largest item DynamoDB stores. */
export const MAX_ITEM_BYTES = 409_600;

/** createTable's validation does not use the store (it checks the request alone). */
const NO_STORE = {} as DynaliteStore;

/**
 * Checks a config against SPEC §1.3: every key, its type and range. Unknown keys and wrong types
 * are `ConfigError`s naming `where` and the key path. Returns the config (a whole pasted
 * `AWS::DynamoDB::Table` resource under `table` is replaced by its `Properties`).
 */
export function validateConfig(config: unknown, where: string, options: ValidateOptions = {}): ConformanceConfig {
  const check = new Checker(where, options.json ?? /\.json$/i.test(where));
  if (!isObject(config)) {
    throw new ConfigError(
      `${where}: the config must be an object (export default defineConfig({ ... })), got ${describe(config)}`,
      { file: where },
    );
  }
  if (config.functions !== undefined) {
    check.fail('functions', 'lists several functions, which the command line checks (npx conformance); checkConsumer and describeConformance check one: pass one entry merged over the other keys');
  }
  check.keys(config, '', TOP_KEYS, new Set(['$schema']));

  if (config.handler !== undefined) check.nonEmptyString(config.handler, 'handler', 'a path such as "src/handler.ts#handler"');
  if (config.source !== undefined && config.source !== 'dynamodb' && config.source !== 'kinesis') {
    check.fail('source', `must be "dynamodb" or "kinesis", got ${describe(config.source)}`);
  }
  const source: Source = options.source ?? (config.source as Source | undefined) ?? 'dynamodb';

  let table: SourceTable | undefined;
  if (config.table !== undefined) table = check.table(config.table, 'table');
  if (config.items !== undefined) check.items(config.items, 'items', table?.KeySchema.map((k) => k.AttributeName) ?? []);
  if (config.stream !== undefined) check.stream(config.stream, 'stream');
  // a Kinesis config that forgot its source would run as DynamoDB, with an invented table
  if (config.stream !== undefined && config.source === undefined && options.source === undefined && config.table === undefined) {
    check.fail('stream', 'describes a Kinesis stream, but the source is "dynamodb" (the default) and no table is given: set source: "kinesis"');
  }
  const mapping = config.mapping === undefined ? undefined : withoutTemplateReference(config.mapping, check);
  if (mapping !== undefined) checkMapping(mapping, source, where);
  if (config.downstream !== undefined) check.downstream(config.downstream, 'downstream', table, source);
  if (config.function !== undefined) check.lambdaFunction(config.function, 'function');
  if (config.rules !== undefined) check.rules(config.rules, 'rules');
  if (config.runs !== undefined && !isPositiveInteger(config.runs)) {
    check.fail('runs', `must be a positive integer, got ${describe(config.runs)}`);
  }
  if (config.timeBudgetSeconds !== undefined) {
    const budget = config.timeBudgetSeconds;
    if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0) {
      check.fail('timeBudgetSeconds', `must be a positive number of seconds, got ${describe(budget)}`);
    }
  }
  const result = { ...config } as ConformanceConfig & Record<string, unknown>;
  delete result.$schema;
  if (table !== undefined) result.table = table;
  if (mapping !== undefined) result.mapping = mapping as ConformanceConfig['mapping'];
  return result;
}

/**
 * `mapping.fromTemplate` and `mapping.logicalId` say where the template is (`applyTemplate` reads
 * it); they are checked and taken out here, so that the model never sees them.
 */
function withoutTemplateReference(mapping: unknown, check: Checker): unknown {
  if (!isObject(mapping)) return mapping;
  const { fromTemplate, logicalId, ...rest } = mapping;
  if (fromTemplate !== undefined) check.nonEmptyString(fromTemplate, 'mapping.fromTemplate', 'the path of a template, relative to the config file');
  if (logicalId !== undefined) check.nonEmptyString(logicalId, 'mapping.logicalId', 'the logical id of a stream mapping or function in the template');
  return rest;
}

/** The mapping checks are `resolveMapping`'s own; its `MappingError` becomes a `ConfigError` naming the file. */
export function checkMapping(mapping: unknown, source: Source, where: string): void {
  try {
    resolveMapping(mapping as Parameters<typeof resolveMapping>[0], source, 'mapping');
  } catch (error) {
    if (error instanceof MappingError) {
      throw new ConfigError(`${where}: ${error.message}`, { file: where, path: error.path, cause: error });
    }
    throw error;
  }
}

class Checker {
  constructor(
    readonly where: string,
    readonly json: boolean,
  ) {}

  fail(path: string, problem: string): never {
    throw ConfigError.at(this.where, path, problem);
  }

  /** Rejects keys that are neither `known` nor `ignored`. */
  keys(value: Record<string, unknown>, path: string, known: readonly string[], ignored?: Set<string>, ignoredWhat?: string): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key) || ignored?.has(key)) continue;
      const expected = `expected ${orList(known)}${ignoredWhat ? ` (or another ${ignoredWhat} property, accepted and ignored)` : ''}`;
      const guess = known.length > 3 ? nearest(key, [...known, ...(ignored ?? [])]) : undefined;
      this.fail(join(path, key), guess ? `unknown key; did you mean ${guess}? ${expected}` : `unknown key; ${expected}`);
    }
  }

  object(value: unknown, path: string, what: string): Record<string, unknown> {
    if (!isObject(value)) this.fail(path, `must be ${what}, got ${describe(value)}`);
    return value;
  }

  nonEmptyString(value: unknown, path: string, example?: string): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, `must be a non-empty string${example ? ` (${example})` : ''}, got ${describe(value)}`);
    }
    return value;
  }

  /** Names of declared tables (when the config declares them; a template's are checked where they are read). */
  ignoreTables(value: unknown, path: string, declared: readonly string[]): void {
    this.stringList(value, path).forEach((name, i) => {
      if (declared.length === 0 || declared.includes(name)) return;
      const guess = nearest(name, declared);
      this.fail(`${path}[${i}]`, `"${name}" is not a table of downstream.dynamodb.tables (${declared.join(', ')})${guess ? `; did you mean "${guess}"?` : ''}`);
    });
  }

  stringList(value: unknown, path: string): string[] {
    if (!Array.isArray(value)) this.fail(path, `must be a list of strings, got ${describe(value)}`);
    value.forEach((entry: unknown, i) => this.nonEmptyString(entry, `${path}[${i}]`));
    return value as string[];
  }

  stringRecord(value: unknown, path: string, what: string, valueHint = ''): Record<string, string> {
    const record = this.object(value, path, what);
    for (const [key, entry] of Object.entries(record)) {
      if (typeof entry !== 'string') this.fail(join(path, key), `must be a string${valueHint}, got ${describe(entry)}`);
    }
    return record as Record<string, string>;
  }

  integer(value: unknown, path: string, min: number, max: number, unit = ''): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `must be an integer from ${min} to ${max}${unit}, got ${describe(value)}`);
    }
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.fail(path, `must be true or false, got ${describe(value)}`);
  }

  /** A function, where a JSON config cannot have one: the message says to use a TS/JS config. */
  func(value: unknown, path: string, what: string): void {
    if (typeof value === 'function') return;
    if (this.json) {
      this.fail(path, 'must be a function, which a JSON config cannot hold; write the config as conformance.config.ts to use it');
    }
    this.fail(path, `must be ${what}, got ${describe(value)}`);
  }

  table(value: unknown, path: string): SourceTable {
    let properties = this.object(value, path, 'an object of AWS::DynamoDB::Table properties (KeySchema, AttributeDefinitions, …)');
    if (properties.Type === 'AWS::DynamoDB::Table' && 'Properties' in properties) {
      this.keys(properties, path, ['Type', 'Properties'], IGNORED_RESOURCE_KEYS);
      path = `${path}.Properties`;
      properties = this.object(properties.Properties, path, 'an object of AWS::DynamoDB::Table properties');
    }
    this.keys(
      properties, path, ['KeySchema', 'AttributeDefinitions', 'StreamSpecification', 'TimeToLiveSpecification'],
      IGNORED_TABLE_KEYS, 'AWS::DynamoDB::Table',
    );

    if (properties.TableName !== undefined && (typeof properties.TableName !== 'string' || !TABLE_NAME.test(properties.TableName))) {
      this.fail(`${path}.TableName`, `must be a DynamoDB table name (3 to 255 letters, digits, '_', '-' or '.'), got ${describe(properties.TableName)}`);
    }
    const keySchemaPath = `${path}.KeySchema`;
    if (properties.KeySchema === undefined) {
      this.fail(keySchemaPath, 'required; list the key, e.g. [{ AttributeName: "pk", KeyType: "HASH" }]');
    }
    if (!Array.isArray(properties.KeySchema) || properties.KeySchema.length === 0) {
      this.fail(keySchemaPath, `must be a list of one HASH and at most one RANGE key, got ${describe(properties.KeySchema)}`);
    }
    const keyNames: string[] = [];
    const keyTypes: string[] = [];
    properties.KeySchema.forEach((element: unknown, i) => {
      const at = `${keySchemaPath}[${i}]`;
      const entry = this.object(element, at, 'an object { AttributeName, KeyType }');
      this.keys(entry, at, ['AttributeName', 'KeyType']);
      const name = this.nonEmptyString(entry.AttributeName, `${at}.AttributeName`);
      if (entry.KeyType !== 'HASH' && entry.KeyType !== 'RANGE') {
        this.fail(`${at}.KeyType`, `must be "HASH" or "RANGE", got ${describe(entry.KeyType)}`);
      }
      if (keyNames.includes(name)) this.fail(`${at}.AttributeName`, `"${name}" is already a key attribute`);
      keyNames.push(name);
      keyTypes.push(entry.KeyType);
    });
    const hashes = keyTypes.filter((t) => t === 'HASH').length;
    const ranges = keyTypes.filter((t) => t === 'RANGE').length;
    if (hashes !== 1 || ranges > 1) {
      this.fail(keySchemaPath, `needs exactly one HASH key and at most one RANGE key, got ${hashes} HASH and ${ranges} RANGE`);
    }

    const definitionsPath = `${path}.AttributeDefinitions`;
    if (properties.AttributeDefinitions === undefined) {
      this.fail(definitionsPath, `required; give the type of each key attribute, e.g. [{ AttributeName: "${keyNames[0]}", AttributeType: "S" }]`);
    }
    if (!Array.isArray(properties.AttributeDefinitions)) {
      this.fail(definitionsPath, `must be a list of { AttributeName, AttributeType }, got ${describe(properties.AttributeDefinitions)}`);
    }
    const defined = new Set<string>();
    properties.AttributeDefinitions.forEach((element: unknown, i) => {
      const at = `${definitionsPath}[${i}]`;
      const entry = this.object(element, at, 'an object { AttributeName, AttributeType }');
      this.keys(entry, at, ['AttributeName', 'AttributeType']);
      const name = this.nonEmptyString(entry.AttributeName, `${at}.AttributeName`);
      if (entry.AttributeType !== 'S' && entry.AttributeType !== 'N' && entry.AttributeType !== 'B') {
        this.fail(`${at}.AttributeType`, `must be "S", "N" or "B", got ${describe(entry.AttributeType)}`);
      }
      if (defined.has(name)) this.fail(`${at}.AttributeName`, `"${name}" is defined twice`);
      defined.add(name);
    });
    for (const name of keyNames) {
      if (!defined.has(name)) {
        this.fail(definitionsPath, `no definition for key attribute "${name}"; add { AttributeName: "${name}", AttributeType: "S" } (or "N", "B")`);
      }
    }

    if (properties.StreamSpecification !== undefined) {
      const at = `${path}.StreamSpecification`;
      const spec = this.object(properties.StreamSpecification, at, 'an object { StreamViewType }');
      // StreamEnabled is CreateTable's (and pasted with it); CloudFormation has only StreamViewType
      this.keys(spec, at, ['StreamViewType', 'StreamEnabled'], new Set(['ResourcePolicy']));
      if (spec.StreamEnabled !== undefined) this.boolean(spec.StreamEnabled, `${at}.StreamEnabled`);
      if (spec.StreamEnabled === false) this.fail(`${at}.StreamEnabled`, 'is false: a table without a stream feeds no function; set it to true (or leave it out)');
      if (!STREAM_VIEW_TYPES.includes(spec.StreamViewType as string)) {
        this.fail(`${at}.StreamViewType`, `must be ${orList(STREAM_VIEW_TYPES)}, got ${describe(spec.StreamViewType)}`);
      }
    }
    if (properties.TimeToLiveSpecification !== undefined) {
      const at = `${path}.TimeToLiveSpecification`;
      const ttl = this.object(properties.TimeToLiveSpecification, at, 'an object { AttributeName, Enabled }');
      this.keys(ttl, at, ['AttributeName', 'Enabled']);
      this.nonEmptyString(ttl.AttributeName, `${at}.AttributeName`);
      this.boolean(ttl.Enabled, `${at}.Enabled`);
    }
    return properties as SourceTable;
  }

  items(value: unknown, path: string, keyNames: readonly string[]): void {
    if (isArbitrary(value)) {
      if (this.json) this.fail(path, 'a JSON config cannot hold an fc.Arbitrary; write the config as conformance.config.ts');
      return;
    }
    const items = this.object(value, path, '{ samples?, attributes?, maxSizeBytes? } or an fc.Arbitrary of plain items (TS/JS configs)');
    this.keys(items, path, ['samples', 'attributes', 'maxSizeBytes']);
    if (items.attributes !== undefined) {
      const found = attributeProblem(items.attributes, `${path}.attributes`, this.json, keyNames);
      if (found) this.fail(found.path, found.problem);
    }
    if (items.samples !== undefined) {
      const at = `${path}.samples`;
      if (!Array.isArray(items.samples) || items.samples.length === 0) {
        this.fail(at, `must be a non-empty list of example items, got ${describe(items.samples)}`);
      }
      items.samples.forEach((sample: unknown, i) => this.object(sample, `${at}[${i}]`, 'an item (an object of attributes)'));
    }
    if (items.maxSizeBytes !== undefined) this.integer(items.maxSizeBytes, `${path}.maxSizeBytes`, 1, MAX_ITEM_BYTES);
  }

  stream(value: unknown, path: string): void {
    const stream = this.object(value, path, 'an object { ShardCount?, partitionKey? }');
    this.keys(stream, path, ['ShardCount', 'partitionKey'], IGNORED_STREAM_KEYS, 'AWS::Kinesis::Stream');
    if (stream.ShardCount !== undefined) this.integer(stream.ShardCount, `${path}.ShardCount`, 1, 500);
    if (stream.partitionKey !== undefined) this.nonEmptyString(stream.partitionKey, `${path}.partitionKey`, 'the payload field used as partition key');
  }

  /** downstream.dynamodb.items: per declared table, items holding its key attributes with their declared types, each key once. */
  seedItems(value: unknown, path: string, tables: TableDeclaration[]): void {
    const items = this.object(value, path, 'an object { [table name]: [items] }');
    const TYPES = { S: ['a string', (v: unknown) => typeof v === 'string' && v !== ''], N: ['a number', (v: unknown) => typeof v === 'number' || typeof v === 'bigint'], B: ['binary (a Uint8Array)', (v: unknown) => v instanceof Uint8Array && v.length > 0] } as const;
    for (const [name, list] of Object.entries(items)) {
      const at = `${path}${/^[A-Za-z_][\w]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`;
      const table = tables.find((t) => t.TableName === name);
      if (table === undefined) this.fail(at, `"${name}" is not declared in downstream.dynamodb.tables${tables.length > 0 ? ` (declared: ${tables.map((t) => t.TableName).join(', ')})` : ''}`);
      if (!Array.isArray(list)) this.fail(at, 'must be a list of items (plain JSON objects)');
      const seen = new Map<string, number>();
      list.forEach((item: unknown, i: number) => {
        const itemAt = `${at}[${i}]`;
        const object = this.object(item, itemAt, 'an item (a plain JSON object)');
        for (const { AttributeName } of table.KeySchema) {
          const type = table.AttributeDefinitions.find((d) => d.AttributeName === AttributeName)!.AttributeType;
          const [what, holds] = TYPES[type];
          if (!holds(object[AttributeName])) this.fail(`${itemAt}.${AttributeName}`, `required: the table's ${table.KeySchema.length > 1 ? 'key attributes' : 'key attribute'} must be ${what}, got ${describe(object[AttributeName])}`);
        }
        const key = JSON.stringify(table.KeySchema.map((k) => String(object[k.AttributeName])));
        const first = seen.get(key);
        if (first !== undefined) this.fail(itemAt, `has the same key as ${at}[${first}]`);
        seen.set(key, i);
      });
    }
  }

  downstream(value: unknown, path: string, table: SourceTable | undefined, source: Source): void {
    const sourceTableName = source === 'dynamodb' ? table?.TableName : undefined;
    const downstream = this.object(value, path, 'an object { dynamodb?, ignoreFields?, ignoreTables?, expect?, http?, search?, services?, custom?, messageKey? }');
    this.keys(downstream, path, ['dynamodb', 'ignoreFields', 'ignoreTables', 'expect', 'http', 'search', 'services', 'custom', 'messageKey']);
    const declared: string[] = [];
    if (downstream.dynamodb !== undefined) {
      const at = `${path}.dynamodb`;
      const dynamodb = this.object(downstream.dynamodb, at, 'an object { tables: [...] }');
      this.keys(dynamodb, at, ['tables', 'items']);
      if (dynamodb.tables === undefined) this.fail(`${at}.tables`, 'required; list the tables the handler writes (CreateTable inputs or AWS::DynamoDB::Table properties)');
      let tables: TableDeclaration[];
      try {
        tables = readTableDeclarations(dynamodb.tables, NO_STORE, `${at}.tables`);
      } catch (error) {
        if (error instanceof TableDeclarationError) this.fail(error.path, error.reason);
        throw error;
      }
      declared.push(...tables.map((t) => t.TableName));
      if (dynamodb.items !== undefined) this.seedItems(dynamodb.items, `${at}.items`, tables);
      const source = declared.indexOf(sourceTableName as string);
      if (source >= 0) {
        this.fail(`${at}.tables[${source}]`, `"${declared[source]}" is the source table (table.TableName): the handler reads it as it was at each invocation, without declaring it; remove it from downstream.dynamodb.tables`);
      }
    }
    if (downstream.ignoreFields !== undefined) this.stringList(downstream.ignoreFields, `${path}.ignoreFields`);
    if (downstream.ignoreTables !== undefined) this.ignoreTables(downstream.ignoreTables, `${path}.ignoreTables`, declared);
    if (downstream.search !== undefined) this.search(downstream.search, `${path}.search`);
    if (downstream.expect !== undefined) this.expect(downstream.expect, `${path}.expect`, table, declared, downstream.search !== undefined, source);
    if (downstream.http !== undefined) this.http(downstream.http, `${path}.http`);
    if (downstream.services !== undefined) this.services(downstream.services, `${path}.services`);
    if (downstream.custom !== undefined) {
      const at = `${path}.custom`;
      if (this.json) this.fail(at, 'needs functions (reset, snapshot), which a JSON config cannot hold; write the config as conformance.config.ts');
      const custom = this.object(downstream.custom, at, 'an object { reset, snapshot } of functions');
      this.keys(custom, at, ['reset', 'snapshot']);
      this.func(custom.reset, `${at}.reset`, 'a function that empties the sink');
      this.func(custom.snapshot, `${at}.snapshot`, 'a function that returns what the sink holds');
    }
    if (downstream.messageKey !== undefined && typeof downstream.messageKey !== 'function') {
      const at = `${path}.messageKey`;
      if (typeof downstream.messageKey !== 'string' || downstream.messageKey.trim() === '') {
        this.fail(at, `must be a dotted path into the message body (e.g. "detail.id")${this.json ? '' : ' or a function'}, got ${describe(downstream.messageKey)}`);
      }
    }
  }

  expect(value: unknown, path: string, table: SourceTable | undefined, declared: string[], searchDeclared: boolean, source: Source): void {
    const expect = this.object(value, path, 'an object { mirror? } or { state? }');
    this.keys(expect, path, ['mirror', 'state']);
    if (expect.mirror !== undefined && source === 'kinesis') {
      this.fail(`${path}.mirror`, 'a mirror copies the source table, and a Kinesis stream has none; describe what the downstream should hold with downstream.expect.state, a function of the records (in a conformance.config.ts or .js)');
    }
    if (isObject(expect.mirror) && 'index' in expect.mirror) {
      this.indexMirror(expect.mirror, `${path}.mirror`, table, searchDeclared);
    } else if (expect.mirror !== undefined) {
      const at = `${path}.mirror`;
      const mirror = this.object(expect.mirror, at, 'an object { table, keyMap?, fields? }');
      this.keys(mirror, at, ['table', 'keyMap', 'fields']);
      const name = this.nonEmptyString(mirror.table, `${at}.table`, 'the name of a table in downstream.dynamodb.tables');
      if (!declared.includes(name)) {
        this.fail(
          `${at}.table`,
          declared.length === 0
            ? `"${name}" is not declared; add it to downstream.dynamodb.tables`
            : `"${name}" is not declared in downstream.dynamodb.tables (declared: ${declared.join(', ')})`,
        );
      }
      if (mirror.keyMap !== undefined) {
        const keyMap = this.stringRecord(mirror.keyMap, `${at}.keyMap`, 'an object { sourceKeyAttribute: "targetAttribute" }');
        const keys = table?.KeySchema.map((k) => k.AttributeName);
        for (const [from, to] of Object.entries(keyMap)) {
          if (keys && !keys.includes(from)) this.fail(join(`${at}.keyMap`, from), `is not a key attribute of the source table (${keys.join(', ')})`);
          if (to === '') this.fail(join(`${at}.keyMap`, from), 'must be a non-empty attribute name');
        }
      }
      if (mirror.fields !== undefined) this.stringList(mirror.fields, `${at}.fields`);
    }
    if (expect.state !== undefined) {
      this.func(expect.state, `${path}.state`, 'a function from the final source items (or the records) to the expected snapshot');
    }
  }

  /** `downstream.search`: the endpoints the embedded OpenSearch / Elasticsearch store answers. */
  search(value: unknown, path: string): void {
    if (!Array.isArray(value)) this.fail(path, `must be a list of { endpoint, engine, version? }, got ${describe(value)}`);
    const seen = new Set<string>();
    value.forEach((entry: unknown, i) => {
      const at = `${path}[${i}]`;
      const target = this.object(entry, at, 'an object { endpoint, engine, version? }');
      this.keys(target, at, ['endpoint', 'engine', 'version']);
      const endpoint = this.nonEmptyString(target.endpoint, `${at}.endpoint`, 'the origin the client calls, e.g. "https://search-orders.us-east-1.es.amazonaws.com"');
      const origin = originOf(endpoint);
      if (origin !== endpoint.replace(/\/$/, '')) {
        this.fail(`${at}.endpoint`, `must be an origin like https://search-orders.us-east-1.es.amazonaws.com (scheme and host, optional port, nothing after)${origin ? `; use "${origin}"` : ''}`);
      }
      if (seen.has(origin)) this.fail(`${at}.endpoint`, `"${origin}" is declared twice`);
      seen.add(origin);
      if (target.engine !== 'opensearch' && target.engine !== 'elasticsearch') this.fail(`${at}.engine`, `must be "opensearch" or "elasticsearch", got ${describe(target.engine)}`);
      if (target.version !== undefined && (typeof target.version !== 'string' || !/^\d+(\.\d+){0,2}$/.test(target.version))) {
        this.fail(`${at}.version`, `must be a version string such as "7.17.0" or "2.11.0", got ${describe(target.version)}`);
      }
    });
  }

  indexMirror(mirror: Record<string, unknown>, at: string, table: SourceTable | undefined, searchDeclared: boolean): void {
    const idLike = Object.keys(mirror).find((key) => /^(id|doc(ument)?_?id|id_?(field|attribute|attr|key|from)s?)$/i.test(key) && key !== 'idFrom');
    if (idLike !== undefined) this.fail(join(at, idLike), 'unknown key; did you mean idFrom? (the attribute or attributes the document id is made of)');
    this.keys(mirror, at, ['index', 'idFrom', 'separator', 'fields']);
    this.nonEmptyString(mirror.index, `${at}.index`, 'the name of the search index the handler writes');
    if (!searchDeclared) this.fail(`${at}.index`, 'needs a search endpoint; add { endpoint, engine } to downstream.search');
    const keys = table?.KeySchema.map((k) => k.AttributeName);
    if (mirror.idFrom === undefined) {
      if (keys === undefined) this.fail(`${at}.idFrom`, 'required without a source table: name the attribute(s) the document id is made of (or declare table.KeySchema)');
    } else if (typeof mirror.idFrom !== 'function') {
      const names = typeof mirror.idFrom === 'string' ? [mirror.idFrom] : this.stringList(mirror.idFrom, `${at}.idFrom`);
      if (names.length === 0) this.fail(`${at}.idFrom`, 'must name at least one attribute');
      names.forEach((name) => this.nonEmptyString(name, `${at}.idFrom`));
    } else if (this.json) {
      this.func(mirror.idFrom, `${at}.idFrom`, 'an attribute name');
    }
    if (mirror.separator !== undefined && typeof mirror.separator !== 'string') this.fail(`${at}.separator`, `must be a string, got ${describe(mirror.separator)}`);
    if (mirror.fields !== undefined) this.stringList(mirror.fields, `${at}.fields`);
  }

  http(value: unknown, path: string): void {
    const http = this.object(value, path, 'an object { "https://origin": { status?, body?, headers?, routes? } }');
    for (const [origin, target] of Object.entries(http)) {
      const at = join(path, origin);
      const canonical = originOf(origin);
      if (canonical !== origin) {
        this.fail(
          at,
          `must be an origin like https://hooks.example.com (scheme and host, optional port, nothing after)${canonical ? `; use "${canonical}"` : ''}`,
        );
      }
      if (typeof target === 'function') continue; // a responder (TS configs): called with each request
      const response = this.httpResponse(target, at, ['status', 'body', 'headers', 'routes']);
      if (response.routes === undefined) continue;
      const routes = this.object(response.routes, `${at}.routes`, 'an object { "POST /orders": { status?, body?, headers? } }');
      for (const [route, answer] of Object.entries(routes)) {
        if (!/^([A-Za-z]+|\*)\s+\/\S*$|^\/\S*$/.test(route)) this.fail(join(`${at}.routes`, route), 'must be "METHOD /path" or "/path" (`*` matches a path segment, a trailing `/**` the rest)');
        this.httpResponse(answer, join(`${at}.routes`, route), ['status', 'body', 'headers']);
      }
    }
  }

  /** `{ scheduler: { CreateSchedule: { response?, effect? } } }`: services the suite does not emulate. */
  services(value: unknown, path: string): void {
    const services = this.object(value, path, 'an object { "<service>": { "<Operation>": { response?, effect? } } }, e.g. { "scheduler": { "CreateSchedule": { "response": {} } } }');
    for (const [service, operations] of Object.entries(services)) {
      const at = join(path, service);
      if (/^https?:\/\//i.test(service)) this.fail(at, 'is a URL: an HTTP endpoint the handler calls goes under downstream.http ({ "<origin>": { status, body } }); downstream.services names AWS services the suite does not emulate (scheduler, sfn, lambda, secretsmanager)');
      if (!/^[A-Za-z][A-Za-z0-9.-]*$/.test(service)) this.fail(at, 'must be a service name as the SDK client names it (scheduler, sfn, lambda, secretsmanager)');
      if (service.toLowerCase() === 'dynamodb') this.fail(at, 'DynamoDB is emulated: declare its tables in downstream.dynamodb.tables instead');
      const declared = this.object(operations, at, `an object { "<Operation>": { response?, effect? } }, e.g. { "CreateSchedule": { "response": {} } }`);
      for (const [operation, declaration] of Object.entries(declared)) {
        const opAt = join(at, operation);
        if (!/^[A-Z][A-Za-z0-9]*$/.test(operation)) {
          const named = operation.replace(/Command$/, '').replace(/^[a-z]/, (c) => c.toUpperCase());
          this.fail(opAt, `must be an operation name as the API spells it${/^[A-Za-z0-9]+$/.test(named) ? `, e.g. "${named}"` : ' (CreateSchedule, StartExecution)'}`);
        }
        if (outboxOperations.has(`${service.toLowerCase()}:${operation}`)) this.fail(opAt, 'is emulated by stream-conformance (its outbox records it); remove this declaration');
        const entry = this.object(declaration, opAt, 'an object { response?, effect? }');
        this.keys(entry, opAt, ['response', 'effect']);
        if (entry.response !== undefined && typeof entry.response !== 'function' && !isObject(entry.response)) {
          this.fail(`${opAt}.response`, `must be the operation's output as an object (e.g. { "ScheduleArn": "arn:aws:scheduler:…" })${this.json ? '' : ' or a function of the request input'}, got ${describe(entry.response)}`);
        }
        if (entry.effect !== undefined) this.boolean(entry.effect, `${opAt}.effect`);
      }
    }
  }

  private httpResponse(value: unknown, at: string, keys: string[]): Record<string, unknown> {
    const response = this.object(value, at, `an object { ${keys.map((k) => `${k}?`).join(', ')} }`);
    this.keys(response, at, keys);
    if (response.status !== undefined) this.integer(response.status, `${at}.status`, 100, 599);
    if (response.body !== undefined && typeof response.body !== 'string') {
      this.fail(`${at}.body`, `must be a string (JSON.stringify an object), got ${describe(response.body)}`);
    }
    if (response.headers !== undefined) this.stringRecord(response.headers, `${at}.headers`, 'an object of header names to strings');
    return response;
  }

  lambdaFunction(value: unknown, path: string): void {
    const fn = this.object(value, path, 'an object of AWS::Lambda::Function properties (Timeout, MemorySize, Environment)');
    this.keys(fn, path, ['Timeout', 'MemorySize', 'Environment'], IGNORED_FUNCTION_KEYS, 'AWS::Lambda::Function');
    if (fn.Timeout !== undefined) this.integer(fn.Timeout, `${path}.Timeout`, 1, 900, ' (seconds)');
    if (fn.MemorySize !== undefined) this.integer(fn.MemorySize, `${path}.MemorySize`, 128, 10_240, ' (MB)');
    if (fn.Environment !== undefined) {
      const at = `${path}.Environment`;
      const environment = this.object(fn.Environment, at, 'an object { Variables: { NAME: "value" } }');
      this.keys(environment, at, ['Variables']);
      if (environment.Variables !== undefined) {
        this.stringRecord(environment.Variables, `${at}.Variables`, 'an object { NAME: "value" }', ' (environment variables are strings; quote the value)');
        const reserved = Object.keys(environment.Variables as object).find((name) => RESERVED_VARIABLES.has(name));
        if (reserved !== undefined) this.fail(`${at}.Variables.${reserved}`, 'is reserved: Lambda sets it itself and refuses a function configuration that sets it; remove it');
      }
    }
  }

  rules(value: unknown, path: string): void {
    const rules = this.object(value, path, `an object { "<rule id>": "error" | "warn" | "off" }`);
    for (const [id, setting] of Object.entries(rules)) {
      const at = join(path, id);
      if (!(ruleIds as readonly string[]).includes(id)) this.fail(at, unknownRuleProblem(id));
      if (!RULE_SETTINGS.includes(setting as string)) this.fail(at, `must be "error", "warn" or "off", got ${describe(setting)}`);
    }
  }
}

/**
 * The environment variables Lambda reserves: it sets them in every execution environment, and
 * refuses a function configuration that sets one ("Reserved keys used in this request"). See
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/** `unknown rule id; did you mean per-key-ordering? (rule ids: …)`. */
export function unknownRuleProblem(id: string): string {
  const guess = nearest(id, ruleIds);
  return `unknown rule id${guess ? `; did you mean ${guess}?` : ''} (rule ids: ${ruleIds.join(', ')})`;
}

/** The origin `key` stands for, or undefined when it is not an http(s) URL. */
function originOf(key: string): string | undefined {
  try {
    const url = new URL(key);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** An fc.Arbitrary (this copy of fast-check, or another one: anything that generates and shrinks). */
export function isArbitrary(value: unknown): value is fc.Arbitrary<unknown> {
  if (value instanceof fc.Arbitrary) return true;
  const candidate = value as { generate?: unknown; shrink?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.generate === 'function' && typeof candidate.shrink === 'function';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** `path.key`, or `path["odd key"]` for a key that is not a plain word. */
function join(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A value as shown after "got": JSON for plain values, a word for the rest. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}
