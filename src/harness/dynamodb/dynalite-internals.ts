import { createRequire } from 'node:module';

/**
 * Typed access to dynalite's own modules (store, request validation, operations), so requests are
 * answered in-process with dynalite's exact semantics and messages, without an HTTP round trip.
 * Only the parts this folder uses are typed.
 */

/** A DynamoDB error as dynalite raises it: an Error carrying the HTTP status and the JSON body. */
export interface DynaliteError extends Error {
  statusCode?: number;
  body?: Record<string, unknown>;
}

export type Callback<T> = (err: DynaliteError | null | undefined, value?: T) => void;

/** Parsed request data; dynalite adds `_condition`, `_updates`, `_projection`… while validating. */
export type RequestData = Record<string, unknown>;

/** A table description as dynalite stores it (CreateTable input plus status fields). */
export interface TableDescription {
  TableName: string;
  TableStatus?: string;
  KeySchema: { AttributeName: string; KeyType: string }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  [key: string]: unknown;
}

export interface SubDb {
  get(key: string, cb: Callback<unknown>): void;
  put(key: string, value: unknown, cb: Callback<void>): void;
  del(key: string, cb: Callback<void>): void;
}

/** The abstract-level database under the store (memory-level here). */
export interface LevelDb {
  clear(options: { gte: string; lt: string }): Promise<void>;
  values(options: { gte: string; lt: string }): { all(): Promise<unknown[]> };
  close(cb?: Callback<void>): unknown;
}

export interface DynaliteStore {
  options: { maxItemSize: number; createTableMs: number; deleteTableMs: number; updateTableMs: number };
  db: LevelDb;
  tableDb: SubDb;
  getItemDb(tableName: string): SubDb;
  getTable(name: string, cb: Callback<TableDescription>): void;
  getTable(name: string, checkStatus: boolean, cb: Callback<TableDescription>): void;
}

export interface StoreOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  maxItemSizeKb?: number;
}

interface DbModule {
  create(options: StoreOptions): DynaliteStore;
  validateKey(key: unknown, table: TableDescription): DynaliteError | undefined | null;
  validateItem(item: unknown, table: TableDescription): DynaliteError | undefined | null;
  validateUpdates(attributeUpdates: unknown, updates: unknown, table: TableDescription): DynaliteError | undefined | null;
  validateKeyPaths(nestedPaths: unknown, table: TableDescription): DynaliteError | undefined | null;
  createKey(item: unknown, table: TableDescription): string;
  checkConditional(data: RequestData, existingItem: unknown): DynaliteError | undefined | null;
  mapPaths(paths: unknown, item: unknown): Record<string, unknown>;
  toRangeStr(value: unknown, type: string): string;
  validationError(message: string): DynaliteError;
}

export interface OperationValidation {
  types: Record<string, unknown>;
  custom?: (data: RequestData, store: DynaliteStore) => string | undefined;
}

interface ValidationsModule {
  checkTypes(data: RequestData, types: Record<string, unknown>): RequestData;
  checkValidations(
    data: RequestData,
    types: Record<string, unknown>,
    custom: OperationValidation['custom'],
    store: DynaliteStore,
  ): void;
}

export type Action = (store: DynaliteStore, data: RequestData, cb: Callback<Record<string, unknown>>) => void;

const requireFromHere = createRequire(import.meta.url);
const dynaliteRoot = requireFromHere.resolve('dynalite/package.json').replace(/package\.json$/, '');
const requireDynalite = createRequire(dynaliteRoot);

export const dynaliteDb = requireDynalite('./db/index.js') as DbModule;
export const dynaliteValidations = requireDynalite('./validations/index.js') as ValidationsModule;

/** The operations dynalite implements, by their DynamoDB names. */
export const DYNALITE_OPERATIONS = [
  'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable',
  'DescribeTimeToLive', 'GetItem', 'ListTables', 'PutItem', 'Query', 'Scan', 'TagResource',
  'UntagResource', 'ListTagsOfResource', 'UpdateItem', 'UpdateTable',
] as const;

export type DynaliteOperation = (typeof DYNALITE_OPERATIONS)[number];

export function isDynaliteOperation(operation: string): operation is DynaliteOperation {
  return (DYNALITE_OPERATIONS as readonly string[]).includes(operation);
}

interface OperationModules {
  action: Action;
  validation: OperationValidation;
}

const operationModules = new Map<DynaliteOperation, OperationModules>();

/** dynalite's implementation and request validation of one operation (loaded once). */
export function dynaliteOperation(operation: DynaliteOperation): OperationModules {
  let modules = operationModules.get(operation);
  if (!modules) {
    const file = operation[0]!.toLowerCase() + operation.slice(1);
    modules = {
      action: requireDynalite(`./actions/${file}.js`) as Action,
      validation: requireDynalite(`./validations/${file}.js`) as OperationValidation,
    };
    operationModules.set(operation, modules);
  }
  return modules;
}

/** A fresh in-memory dynalite store. */
export function createStore(options: StoreOptions): DynaliteStore {
  return dynaliteDb.create(options);
}

/** The outcome of one dynalite call: the response data, or the error DynamoDB would send. */
export type DynaliteOutcome =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; statusCode: number; body: Record<string, unknown> };

/**
 * Type-checks and validates `data` exactly as dynalite's HTTP front end does (mutating it: unknown
 * keys are dropped, expressions are parsed into `_condition`, `_updates`…). Returns the error
 * outcome, or the checked data.
 */
export function validateRequest(
  store: DynaliteStore,
  operation: DynaliteOperation,
  data: RequestData,
): { ok: true; data: RequestData } | Extract<DynaliteOutcome, { ok: false }> {
  const { validation } = dynaliteOperation(operation);
  try {
    const checked = dynaliteValidations.checkTypes(data, validation.types);
    dynaliteValidations.checkValidations(checked, validation.types, validation.custom, store);
    return { ok: true, data: checked };
  } catch (err) {
    const failure = asOutcome(err as DynaliteError);
    if (failure) return failure;
    // dynalite's checks assume every attribute value is an object; a JSON null in its place (which
    // no SDK sends) makes them throw. DynamoDB answers such a value as an empty one.
    if (err instanceof TypeError) {
      return {
        ok: false,
        statusCode: 400,
        body: {
          __type: 'com.amazon.coral.validate#ValidationException',
          message: 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
        },
      };
    }
    throw err;
  }
}

/** Runs one of dynalite's operations on already validated data. */
export function runAction(store: DynaliteStore, operation: DynaliteOperation, data: RequestData): Promise<DynaliteOutcome> {
  const { action } = dynaliteOperation(operation);
  return new Promise((resolve, reject) => {
    action(store, data, (err, result) => {
      if (err) {
        const failure = asOutcome(err);
        if (failure) resolve(failure);
        else reject(err);
        return;
      }
      resolve({ ok: true, data: result ?? {} });
    });
  });
}

function asOutcome(err: DynaliteError): Extract<DynaliteOutcome, { ok: false }> | undefined {
  if (err && typeof err.statusCode === 'number' && err.body) {
    return { ok: false, statusCode: err.statusCode, body: err.body };
  }
  return undefined;
}

export function getTable(store: DynaliteStore, name: string, checkStatus: boolean): Promise<TableDescription | undefined> {
  return new Promise((resolve, reject) => {
    store.getTable(name, checkStatus, (err, table) => {
      if (err) {
        if (err.statusCode) resolve(undefined);
        else reject(err);
        return;
      }
      resolve(table);
    });
  });
}

export function getItem(store: DynaliteStore, tableName: string, key: string): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    store.getItemDb(tableName).get(key, (err, value) => {
      if (err && err.name !== 'NotFoundError') reject(err);
      else resolve((value ?? undefined) as Record<string, unknown> | undefined);
    });
  });
}

export function deleteTableEntry(store: DynaliteStore, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    store.tableDb.del(name, (err) => (err ? reject(err) : resolve()));
  });
}
