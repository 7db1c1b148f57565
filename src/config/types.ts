import type fc from 'fast-check';
import type { MappingInput } from '../model/mapping.js';
import type { Source } from '../model/types.js';

// the rules own their ids (properties/): the config only names them
export { ruleIds, type RuleId } from '../../properties/index.js';
import type { RuleId } from '../../properties/index.js';
export type RuleSetting = 'error' | 'warn' | 'off';

/** A plain item as the config gives it (unmarshalled). */
export type PlainItem = Record<string, unknown>;

export interface NormalizedState {
  tables: Record<string, PlainItem[]>;
  outbox: unknown[];
  custom?: unknown;
}

/**
 * What one attribute of the items is (SPEC §1.3): always present or not, and what its values look
 * like (samples, a DynamoDB type, a pattern, a range, or an arbitrary in TS/JS configs); or a
 * per-key version increasing with every write of the key (`{ version: true }`). An fc.Arbitrary
 * in its place means `{ required: true, arbitrary }`.
 */
export interface AttributeDeclaration {
  required?: boolean;
  samples?: unknown[];
  type?: 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'SS' | 'NS' | 'BS' | 'L' | 'M';
  pattern?: string;
  range?: [number, number];
  arbitrary?: fc.Arbitrary<unknown>;
  version?: true;
}

/** `AWS::DynamoDB::Table` properties of the source table (other CloudFormation keys are accepted and ignored). */
export interface SourceTable {
  /** The table's name: the handler may read the table by it (as it was at each invocation). */
  TableName?: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  StreamSpecification?: { StreamViewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES'; StreamEnabled?: boolean };
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  [ignored: string]: unknown;
}

/** The source table mirrored into a downstream table. */
export interface TableMirror {
  table: string;
  keyMap?: Record<string, string>;
  fields?: string[];
}

/**
 * The source table mirrored into a search index: one document per live item, its id read from
 * the item (an attribute, attributes joined by `separator`, or a function), its source the item.
 */
export interface IndexMirror {
  index: string;
  /** Without it, documents are matched by the key attributes their source carries, whatever their ids. */
  idFrom?: string | string[] | ((item: PlainItem) => string);
  /** Between the values of `idFrom` attributes (default "#"). */
  separator?: string;
  fields?: string[];
}

/** A search endpoint answered by the embedded OpenSearch / Elasticsearch document store. */
export interface SearchEndpoint {
  /** The origin the handler's client calls, e.g. "https://search-orders-abc.us-east-1.es.amazonaws.com". */
  endpoint: string;
  engine: 'opensearch' | 'elasticsearch';
  /** The engine version the store reports (default 2.11.0 / 8.11.0); "7.17.0" makes Elasticsearch answer as 7. */
  version?: string;
}

export interface ConformanceConfig {
  /** `path[#export]`, relative to the config file. */
  handler?: string;
  source?: Source;
  table?: SourceTable;
  items?: { samples?: PlainItem[]; maxSizeBytes?: number; attributes?: Record<string, AttributeDeclaration | fc.Arbitrary<unknown>> } | fc.Arbitrary<PlainItem>;
  stream?: { ShardCount?: number; partitionKey?: string; Name?: string };
  /**
   * `AWS::Lambda::EventSourceMapping` properties; `fromTemplate` (relative to the config file) reads
   * them, the source table, downstream tables and function settings from a SAM, CloudFormation,
   * CDK or serverless.yml template, under the values given here; `logicalId` picks the mapping
   * (or function) when the handler does not.
   */
  mapping?: MappingInput & { fromTemplate?: string; logicalId?: string };
  downstream?: {
    dynamodb?: {
      tables: unknown[];
      /**
       * Items the tables hold when each run starts, per table name (plain JSON; a TS config may use
       * Sets and Uint8Arrays): reference data the handler reads, counters it updates.
       */
      items?: Record<string, PlainItem[]>;
    };
    ignoreFields?: string[];
    /**
     * Declared tables left out of every comparison: the handler's own bookkeeping (an idempotency
     * store, a dedup table), whose items hold processing times and in-progress states that differ
     * between runs by design. The effects they guard are still compared.
     */
    ignoreTables?: string[];
    expect?: {
      mirror?: TableMirror | IndexMirror;
      /**
       * The tables the downstream must end with, from the history: the source table's final items,
       * every record, and with tumbling windows each window's records (per shard, aligned on arrival).
       */
      state?: (input: { items: PlainItem[]; records: unknown[]; windows: { shardId: string; start: string; end: string; records: unknown[] }[] }) => unknown;
    };
    /**
     * HTTP APIs the handler calls, by origin: one answer, answers per `"METHOD /path"` route, or
     * (TS configs) a function of the request. Requests to other non-AWS hosts are refused.
     */
    http?: Record<string, HttpTargetConfig>;
    /**
     * AWS services and operations stream-conformance does not emulate, by service (the SDK client's
     * name without `Client`, e.g. `scheduler`, `sfn`, `lambda`) and operation: the output to answer
     * with (or a function of the request's input), and `effect: false` for reads.
     */
    services?: Record<string, Record<string, { response?: Record<string, unknown> | ((input: unknown) => unknown); effect?: boolean }>>;
    search?: SearchEndpoint[];
    custom?: { reset: () => Promise<void> | void; snapshot: () => Promise<unknown> | unknown };
    /** Which item key an outbox message belongs to: a dotted path into its body, or a function. */
    messageKey?: string | ((body: unknown) => unknown);
  };
  function?: {
    Timeout?: number;
    MemorySize?: number;
    Environment?: { Variables?: Record<string, string> };
    [ignored: string]: unknown;
  };
  rules?: Partial<Record<RuleId, RuleSetting>>;
  runs?: number;
  timeBudgetSeconds?: number;
}

/** What a declared HTTP target answers. */
export interface HttpResponseConfig {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

export type HttpTargetConfig =
  | (HttpResponseConfig & { routes?: Record<string, HttpResponseConfig> })
  | ((request: { method: string; url: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: string }) => HttpResponseConfig | Promise<HttpResponseConfig>);

/** What the config file gave, with where it came from (paths in the config are relative to it). */
export interface LoadedConfig {
  config: ConformanceConfig;
  /** Absolute path of the config file, when there was one. */
  file: string | undefined;
  /** Directory that relative paths are resolved against. */
  baseDir: string;
  /** Things worth telling the user that do not stop the run (two config files found, …). */
  warnings?: string[];
  /** What the user may want to know, e.g. which template mapping the settings come from. */
  notes?: string[];
  /** Where the handler was named, when a template named it: what to fix when its export is wrong. */
  handlerFrom?: string;
}
