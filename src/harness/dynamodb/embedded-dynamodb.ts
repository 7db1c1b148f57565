import type { Server } from 'node:http';
import {
  createStore,
  deleteTableEntry,
  dynaliteDb,
  getItem,
  getTable,
  isDynaliteOperation,
  runAction,
  validateRequest,
  type DynaliteOperation,
  type DynaliteOutcome,
  type DynaliteStore,
  type TableDescription,
} from './dynalite-internals.js';
import { dynamodbError, errorBody, RESOURCE_NOT_FOUND_MESSAGE, validationBody } from './dynamodb-errors.js';
import { listenOnLoopback } from './endpoint-server.js';
import { jsonResponse, RequestIds, type DynamoDBHttpResponse } from './http-response.js';
import { IdempotencyTokens } from './idempotency-tokens.js';
import { compareByKey } from './item-order.js';
import {
  internalError,
  ProblemLog,
  sourceTableWrite,
  undeclaredTable,
  unsupportedOperation,
  type DynamoDBProblem,
} from './problems.js';
import { SerialQueue } from './serial-queue.js';
import { live } from '../live.js';
import { DEFAULT_TABLES_PATH, readTableDeclarations, type TableDeclaration } from './table-declarations.js';
import { tablesNamed } from './tables-named.js';
import { transactGetItems } from './transact-get-items.js';
import { transactWriteItems } from './transact-write-items.js';

interface AttributeValueMembers {
  S: string;
  N: string;
  B: string;
  SS: string[];
  NS: string[];
  BS: string[];
  BOOL: boolean;
  NULL: true;
  L: AttributeValueJson[];
  M: Record<string, AttributeValueJson>;
}

type OnlyMember<K extends keyof AttributeValueMembers> = { [P in K]: AttributeValueMembers[P] } & {
  [P in Exclude<keyof AttributeValueMembers, K>]?: never;
};

/**
 * An attribute value in DynamoDB JSON, as on the wire (binaries base64): exactly one member set,
 * the others typed `?: never` (as in the SDK) so `value.N` reads as `string | undefined`.
 */
export type AttributeValueJson = { [K in keyof AttributeValueMembers]: OnlyMember<K> }[keyof AttributeValueMembers];

export type ItemJson = Record<string, AttributeValueJson>;

/** Every declared table's items, sorted by key. */
export type DynamoDBSnapshot = Record<string, ItemJson[]>;

export interface EmbeddedDynamoDBOptions {
  /** Port of the loopback endpoint; a free one when left out. */
  port?: number;
  /** Clock for ClientRequestToken expiry (ms since the epoch); `Date.now` by default. */
  now?: () => number;
}

export interface DeclareTablesOptions {
  /** Key path of the list in the config, for error messages; `downstream.dynamodb.tables` by default. */
  path?: string;
  /** Keep the tables declared before that are not in this list (by default they are dropped). */
  additive?: boolean;
}

const TRANSACTION_OPERATIONS = new Set(['TransactWriteItems', 'TransactGetItems']);

/** Operations that change a table itself: the table is rebuilt from its declaration at reset. */
const TABLE_OPERATIONS = new Set(['CreateTable', 'DeleteTable', 'UpdateTable']);

const CONDITIONAL_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

const INSTANCE = Symbol.for('stream-conformance.embedded-dynamodb');

type GlobalSlot = { [INSTANCE]?: Promise<EmbeddedDynamoDB> };

/**
 * The DynamoDB a consumer's downstream calls go to: dynalite in this process (in memory), its
 * operations called in-process (no HTTP hop), plus what dynalite lacks: TransactWriteItems and
 * TransactGetItems. Only declared tables exist; a call naming another table is answered like
 * DynamoDB (ResourceNotFoundException) and recorded as a problem. Requests are served one at a time.
 */
export class EmbeddedDynamoDB {
  readonly #store: DynaliteStore;
  readonly #queue = new SerialQueue();
  readonly #tables = new Map<string, TableDeclaration>();
  /** Declared tables a handler created, deleted or updated: rebuilt at the next reset. */
  readonly #changedTables = new Set<string>();
  readonly #tokens = new IdempotencyTokens();
  readonly #requestIds = new RequestIds();
  readonly #problems = new ProblemLog();
  /** The stream's own table, readable by the handler as of each invocation (see `declareSourceTable`). */
  #sourceTable: string | undefined;
  #unnamedSource = false;
  /** What each run starts with (`seed`): put back at every reset. */
  #seeds: readonly { table: string; item: Record<string, unknown> }[] = [];
  #now: () => number;
  #server: Server | undefined;
  #port = 0;

  private constructor(store: DynaliteStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /**
   * Starts the embedded DynamoDB once per process; later calls return the same instance (their
   * options are ignored). The endpoint listens on 127.0.0.1 only.
   */
  static start(options: EmbeddedDynamoDBOptions = {}): Promise<EmbeddedDynamoDB> {
    const slot = globalThis as GlobalSlot;
    let instance = slot[INSTANCE];
    if (!instance) {
      instance = EmbeddedDynamoDB.#launch(options);
      slot[INSTANCE] = instance;
      instance.catch(() => {
        if (slot[INSTANCE] === instance) delete slot[INSTANCE];
      });
    }
    return instance;
  }

  /**
   * An instance of its own, not shared with the rest of the process: each check owns one (its
   * tables, items and endpoint), and closes it when it ends.
   */
  static create(options: EmbeddedDynamoDBOptions = {}): Promise<EmbeddedDynamoDB> {
    return EmbeddedDynamoDB.#launch(options);
  }

  static async #launch(options: EmbeddedDynamoDBOptions): Promise<EmbeddedDynamoDB> {
    const store = createStore({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const db = new EmbeddedDynamoDB(store, options.now ?? Date.now);
    const listening = await listenOnLoopback((operation, body) => db.handle(operation, body), options.port ?? 0).catch(
      async (err: unknown) => {
        await new Promise<void>((resolve) => void store.db.close(() => resolve()));
        throw err;
      },
    );
    const { server, port } = listening;
    live.dynamodbs++;
    db.#server = server;
    db.#port = port;
    return db;
  }

  /** `http://127.0.0.1:<port>`. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  /** Names of the declared tables, in declaration order. */
  get tableNames(): string[] {
    return [...this.#tables.keys()];
  }

  /** Sets the clock used for ClientRequestToken expiry (the model's virtual clock, say). */
  setClock(now: () => number): void {
    this.#now = now;
  }

  /**
   * Makes the declared tables exactly `tables` (CreateTable inputs or AWS::DynamoDB::Table
   * properties), each ACTIVE and empty when new. A table declared again unchanged keeps its items
   * (re-declaring is idempotent and cheap); one declared differently is recreated; one no longer
   * listed is dropped, unless `additive` is set. A bad declaration throws a
   * `TableDeclarationError` naming the key path (under `path`, by default
   * `downstream.dynamodb.tables`), and nothing changes.
   */
  declareTables(tables: unknown, options: DeclareTablesOptions = {}): Promise<void> {
    return this.#queue.run(async () => {
      const declarations = readTableDeclarations(tables, this.#store, options.path ?? DEFAULT_TABLES_PATH);
      if (!options.additive) {
        const wanted = new Set(declarations.map((d) => d.TableName));
        for (const name of [...this.#tables.keys()]) {
          if (wanted.has(name) || name === this.#sourceTable) continue;
          await this.#dropTable(name);
          this.#tables.delete(name);
          this.#changedTables.delete(name);
        }
      }
      for (const declaration of declarations) {
        const current = this.#tables.get(declaration.TableName);
        const unchanged =
          current?.fingerprint === declaration.fingerprint && !this.#changedTables.has(declaration.TableName);
        this.#tables.set(declaration.TableName, declaration);
        if (unchanged) continue;
        await this.#rebuildTable(declaration);
      }
    });
  }

  /**
   * Declares the table whose stream the function reads (`table` of the config). The handler may
   * read it (GetItem, Query, Scan, BatchGetItem, TransactGetItems) and sees what `applySource`
   * put there; it is not a downstream table (left out of snapshots), and a write to it is a
   * problem of the setup, since in AWS that write would add a record to the very stream the
   * function reads, which the suite does not model.
   */
  declareSourceTable(table: unknown, path: string): Promise<void> {
    return this.#queue.run(async () => {
      const [declaration] = readTableDeclarations([table], this.#store, path);
      if (this.#tables.has(declaration!.TableName)) return;
      this.#tables.set(declaration!.TableName, declaration!);
      this.#sourceTable = declaration!.TableName;
      await this.#rebuildTable(declaration!);
    });
  }

  /** The function reads a DynamoDB stream whose table is not named: an undeclared table may be it, and its problem says how to name it. */
  sourceUnnamed(): void {
    this.#unnamedSource = true;
  }

  /** The source table's name, when one is declared. */
  get sourceTable(): string | undefined {
    return this.#sourceTable;
  }

  /** Puts items into (or, for `item: null`, deletes keys from) the source table, in order, unseen by the handler's calls. */
  applySource(writes: readonly { key: Record<string, unknown>; item: Record<string, unknown> | null }[]): Promise<void> {
    const table = this.#sourceTable;
    if (table === undefined || writes.length === 0) return Promise.resolve();
    return this.#queue.run(async () => {
      for (const { key, item } of writes) {
        const outcome = item === null
          ? await runAction(this.#store, 'DeleteItem', { TableName: table, Key: structuredClone(key) })
          : await runAction(this.#store, 'PutItem', { TableName: table, Item: structuredClone(item) });
        if (!outcome.ok) throw new Error(`writing the source table ${table} failed: ${JSON.stringify(outcome.body)}`);
      }
    });
  }

  /**
   * The items the declared tables hold when each run starts (DynamoDB JSON, per table): put now,
   * and again at every reset. A bad item throws, naming its table and position.
   */
  seed(items: Readonly<Record<string, readonly Record<string, unknown>[]>>): Promise<void> {
    return this.#queue.run(async () => {
      this.#seeds = Object.entries(items).flatMap(([table, list]) => list.map((item) => ({ table, item })));
      await this.#putSeeds();
    });
  }

  async #putSeeds(): Promise<void> {
    const counts = new Map<string, number>();
    for (const { table, item } of this.#seeds) {
      const index = counts.get(table) ?? 0;
      counts.set(table, index + 1);
      const validated = validateRequest(this.#store, 'PutItem', { TableName: table, Item: structuredClone(item) });
      const outcome = validated.ok ? await runAction(this.#store, 'PutItem', validated.data) : validated;
      if (!outcome.ok) throw new Error(`downstream.dynamodb.items.${table}[${index}]: ${String((outcome.body as { message?: unknown }).message ?? JSON.stringify(outcome.body))}`);
    }
  }

  /**
   * Empties every declared table (the endpoint and SDK clients stay valid), forgets transaction
   * tokens, restarts request ids. Tables a handler altered are rebuilt from their declarations.
   */
  reset(): Promise<void> {
    return this.#queue.run(async () => {
      for (const declaration of this.#tables.values()) {
        if (this.#changedTables.has(declaration.TableName)) await this.#rebuildTable(declaration);
        else await this.#clearItems(declaration.TableName);
      }
      await this.#putSeeds();
      this.#tokens.clear();
      this.#requestIds.reset();
    });
  }

  /** Every declared table's items as DynamoDB JSON, sorted by hash key then range key. */
  snapshot(): Promise<DynamoDBSnapshot> {
    return this.#queue.run(async () => {
      const snapshot: DynamoDBSnapshot = {};
      for (const declaration of this.#tables.values()) {
        if (declaration.TableName === this.#sourceTable) continue;
        const prefix = `item-${declaration.TableName}~`;
        const items = (await this.#store.db.values({ gte: prefix, lt: `${prefix}\xff` }).all()) as ItemJson[];
        items.sort(compareByKey(declaration.KeySchema, declaration.AttributeDefinitions));
        snapshot[declaration.TableName] = items;
      }
      return snapshot;
    });
  }

  /** Problems recorded since the last `takeProblems()` (each distinct problem once). */
  get problems(): readonly DynamoDBProblem[] {
    return this.#problems.all;
  }

  /** Returns the recorded problems and clears the list. */
  takeProblems(): DynamoDBProblem[] {
    return this.#problems.take();
  }

  clearProblems(): void {
    this.#problems.take();
  }

  /**
   * The gateway: answers one DynamoDB JSON-protocol request (`operation` from `X-Amz-Target`,
   * with or without the `DynamoDB_20120810.` prefix) with the HTTP response DynamoDB would send.
   */
  handle(operation: string, body: string): Promise<DynamoDBHttpResponse> {
    const name = operation.slice(operation.lastIndexOf('.') + 1);
    return this.#queue.run(() => this.#serve(name, body));
  }

  /** An error response from this gateway (request id in sequence), for injected faults. */
  error(status: number, type: string, message?: string, extra?: Record<string, unknown>): DynamoDBHttpResponse {
    return dynamodbError(status, type, message, extra, this.#requestIds.next());
  }

  /** Stops the endpoint and closes the store; a later `start()` makes a new instance. */
  async close(): Promise<void> {
    const slot = globalThis as GlobalSlot;
    const server = this.#server;
    this.#server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      live.dynamodbs--;
    }
    await this.#queue.run(
      () => new Promise<void>((resolve) => void this.#store.db.close(() => resolve())),
    );
    const current = slot[INSTANCE];
    if (current && (await current.catch(() => undefined)) === this) delete slot[INSTANCE];
  }

  async #serve(operation: string, body: string): Promise<DynamoDBHttpResponse> {
    const requestId = this.#requestIds.next();
    try {
      const outcome = await this.#dispatch(operation, body);
      return outcome.ok
        ? jsonResponse(200, outcome.data, requestId)
        : jsonResponse(outcome.statusCode, outcome.body, requestId);
    } catch (err) {
      this.#problems.record(internalError(operation, err));
      return jsonResponse(500, errorBody('InternalServerError', 'Internal server error'), requestId);
    }
  }

  async #dispatch(operation: string, body: string): Promise<DynaliteOutcome> {
    const supported = isDynaliteOperation(operation) || TRANSACTION_OPERATIONS.has(operation);
    if (!supported) {
      this.#problems.record(unsupportedOperation(operation));
      return { ok: false, statusCode: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } };
    }
    let request: unknown;
    try {
      request = body === '' ? undefined : JSON.parse(body);
    } catch {
      request = undefined;
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return { ok: false, statusCode: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } };
    }
    const data = request as Record<string, unknown>;

    const undeclared = tablesNamed(data).filter((table) => !this.#tables.has(table));
    if (undeclared.length > 0) {
      // a write is never meant for the source table (the harness refuses it): no "did you mean" it
      const candidates = [...this.#tables.keys()].filter((name) => name !== this.#sourceTable || READS.has(operation));
      for (const table of undeclared) this.#problems.record(undeclaredTable(operation, table, this.#unnamedSource, candidates));
      return { ok: false, statusCode: 400, body: errorBody('ResourceNotFoundException', RESOURCE_NOT_FOUND_MESSAGE) };
    }

    if (this.#sourceTable !== undefined && tablesNamed(data).includes(this.#sourceTable) && writesTo(operation, data, this.#sourceTable)) {
      this.#problems.record(sourceTableWrite(operation, this.#sourceTable));
      return { ok: false, statusCode: 400, body: validationBody(`${operation} on the source table is not modelled by stream-conformance`) };
    }

    if (operation === 'TransactWriteItems') {
      return transactWriteItems({ store: this.#store, tokens: this.#tokens, now: () => this.#now() }, data);
    }
    if (operation === 'TransactGetItems') return transactGetItems(this.#store, data);
    return this.#forward(operation as DynaliteOperation, data);
  }

  /** One of dynalite's operations, with what DynamoDB adds around it. */
  async #forward(operation: DynaliteOperation, request: Record<string, unknown>): Promise<DynaliteOutcome> {
    const returnOnFailure = CONDITIONAL_WRITES.has(operation) ? request.ReturnValuesOnConditionCheckFailure : undefined;
    if (returnOnFailure !== undefined && returnOnFailure !== 'ALL_OLD' && returnOnFailure !== 'NONE') {
      return {
        ok: false,
        statusCode: 400,
        body: validationBody(
          `1 validation error detected: Value '${String(returnOnFailure)}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
        ),
      };
    }
    const validated = validateRequest(this.#store, operation, request);
    if (!validated.ok) return validated;
    const data = validated.data;
    if (TABLE_OPERATIONS.has(operation)) this.#changedTables.add(data.TableName as string);
    const outcome = await runAction(this.#store, operation, data);
    if (!outcome.ok && returnOnFailure === 'ALL_OLD' && isConditionalCheckFailure(outcome.body)) {
      const item = await this.#currentItem(data);
      if (item) return { ...outcome, body: { ...outcome.body, Item: item } };
    }
    if (outcome.ok && operation === 'BatchGetItem') this.#inRequestOrder(outcome.data, data);
    return outcome;
  }

  /** The stored item a PutItem / UpdateItem / DeleteItem request is about. */
  async #currentItem(data: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const tableName = data.TableName as string;
    const declaration = this.#tables.get(tableName);
    if (!declaration) return undefined;
    const source = (data.Key ?? data.Item) as Record<string, unknown>;
    return getItem(this.#store, tableName, dynaliteDb.createKey(source, tableShape(declaration)));
  }

  /**
   * dynalite shuffles BatchGetItem responses with Math.random; DynamoDB promises no order either,
   * but a run must be repeatable, so items are put back in the order their keys were asked for
   * (items projected without their key attributes keep dynalite's order).
   */
  #inRequestOrder(result: Record<string, unknown>, request: Record<string, unknown>): void {
    const responses = result.Responses as Record<string, Record<string, unknown>[]> | undefined;
    const requestItems = request.RequestItems as Record<string, { Keys: Record<string, unknown>[] }>;
    if (!responses) return;
    for (const [tableName, items] of Object.entries(responses)) {
      const declaration = this.#tables.get(tableName);
      const keys = requestItems[tableName]?.Keys;
      if (!declaration || !keys) continue;
      const table = tableShape(declaration);
      const keyNames = declaration.KeySchema.map((k) => k.AttributeName);
      if (!items.every((item) => keyNames.every((name) => item[name] !== undefined))) continue;
      const position = new Map(keys.map((key, index) => [dynaliteDb.createKey(key, table), index]));
      const rank = (item: Record<string, unknown>) => position.get(dynaliteDb.createKey(item, table)) ?? keys.length;
      items.sort((a, b) => rank(a) - rank(b));
    }
  }

  async #rebuildTable(declaration: TableDeclaration): Promise<void> {
    if (this.#changedTables.has(declaration.TableName)) await timersSettled();
    await this.#dropTable(declaration.TableName);
    const created = await runAction(this.#store, 'CreateTable', structuredClone(declaration.createTableInput));
    if (!created.ok) {
      throw new Error(`creating table ${declaration.TableName} failed: ${JSON.stringify(created.body)}`);
    }
    await this.#untilActive(declaration.TableName);
    this.#changedTables.delete(declaration.TableName);
  }

  /** Removes a table, its items, indexes and tags, whatever state it is in. */
  async #dropTable(name: string): Promise<void> {
    await this.#clearItems(name);
    await this.#store.db.clear({ gte: `tag-${name}~`, lt: `tag-${name}~\xff` });
    await deleteTableEntry(this.#store, name);
  }

  async #clearItems(name: string): Promise<void> {
    const db = this.#store.db;
    for (const prefix of [`item-${name}~`, `index-global~${name}~`, `index-local~${name}~`]) {
      await db.clear({ gte: prefix, lt: `${prefix}\xff` });
    }
  }

  /** dynalite flips CREATING to ACTIVE on a zero-delay timer. */
  async #untilActive(name: string): Promise<void> {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const table = await getTable(this.#store, name, false);
      if (table?.TableStatus === 'ACTIVE') return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`table ${name} did not become ACTIVE`);
  }
}

/**
 * dynalite finishes DeleteTable / UpdateTable on zero-delay timers that write the table entry;
 * a table a handler altered is rebuilt only after those have run, or they would undo the rebuild.
 */
async function timersSettled(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Operations that read a table (every other one naming it changes it, or the table itself). */
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems', 'DescribeTable', 'DescribeTimeToLive', 'ListTagsOfResource', 'DescribeContinuousBackups']);

/** Whether the request changes `table` (a transaction's ConditionCheck on it only reads it). */
function writesTo(operation: string, request: Record<string, unknown>, table: string): boolean {
  if (READS.has(operation)) return false;
  if (operation !== 'TransactWriteItems' || !Array.isArray(request.TransactItems)) return true;
  return (request.TransactItems as Record<string, { TableName?: unknown } | undefined>[]).some((item) =>
    ['Put', 'Update', 'Delete'].some((kind) => item?.[kind]?.TableName === table));
}

/** What dynalite's key functions read of a table. */
function tableShape({ TableName, KeySchema, AttributeDefinitions }: TableDeclaration): TableDescription {
  return { TableName, KeySchema, AttributeDefinitions };
}

function isConditionalCheckFailure(body: Record<string, unknown>): boolean {
  return String(body.__type).endsWith('#ConditionalCheckFailedException');
}
