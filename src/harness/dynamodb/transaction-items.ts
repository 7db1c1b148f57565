import {
  dynaliteDb,
  getTable,
  validateRequest,
  type DynaliteOperation,
  type DynaliteOutcome,
  type DynaliteStore,
  type RequestData,
  type TableDescription,
} from './dynalite-internals.js';
import { errorBody, RESOURCE_NOT_FOUND_MESSAGE, validationBody } from './dynamodb-errors.js';

/**
 * What TransactWriteItems and TransactGetItems share: the shape checks of `TransactItems`, turning
 * each item into the single-item request dynalite validates (so expressions are parsed and checked
 * by dynalite itself), and locating each item's table and key.
 */

export const MAX_TRANSACTION_ITEMS = 100;

export const MULTIPLE_OPERATIONS_MESSAGE = 'Transaction request cannot include multiple operations on one item';

export type Failure = Extract<DynaliteOutcome, { ok: false }>;

export function validationFailure(message: string): Failure {
  return { ok: false, statusCode: 400, body: validationBody(message) };
}

export function resourceNotFound(): Failure {
  return { ok: false, statusCode: 400, body: errorBody('ResourceNotFoundException', RESOURCE_NOT_FOUND_MESSAGE) };
}

/** The `TransactItems` list, or the error DynamoDB answers for a missing, empty or too long one. */
export function transactItemsOf(request: Record<string, unknown>): unknown[] | Failure {
  const items = request.TransactItems;
  if (items === undefined || items === null) {
    return validationFailure(
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(items)) {
    return {
      ok: false,
      statusCode: 400,
      body: { __type: 'com.amazon.coral.service#SerializationException', Message: 'Unexpected field type' },
    };
  }
  if (items.length < 1 || items.length > MAX_TRANSACTION_ITEMS) {
    const bound =
      items.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_TRANSACTION_ITEMS}`;
    return validationFailure(
      `1 validation error detected: Value '[${items.length} items]' at 'transactItems' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  return items;
}

/** One item of a transaction, checked and located. */
export interface LocatedItem {
  kind: string;
  /** The single-item request data, validated by dynalite (`_condition`, `_updates`… parsed). */
  data: RequestData;
  table: TableDescription;
  /** dynalite's storage key of the item inside its table. */
  key: string;
  /** The item's key attributes. */
  keyAttributes: Record<string, unknown>;
}

/** Members of each transaction item kind, and the single-item operation that validates them. */
const ITEM_KINDS: Record<string, { operation: DynaliteOperation; members: string[]; required: string[] }> = {
  Put: {
    operation: 'PutItem',
    members: ['TableName', 'Item', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
    required: [],
  },
  Update: {
    operation: 'UpdateItem',
    members: ['TableName', 'Key', 'UpdateExpression', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
    required: ['UpdateExpression'],
  },
  Delete: {
    operation: 'DeleteItem',
    members: ['TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
    required: [],
  },
  ConditionCheck: {
    operation: 'DeleteItem',
    members: ['TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
    required: ['ConditionExpression'],
  },
  Get: {
    operation: 'GetItem',
    members: ['TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames'],
    required: [],
  },
};

/**
 * Checks every item (exactly one of `kinds` each, valid for dynalite, an existing table, a key that
 * matches the schema, no item twice) and locates it. Returns the first error DynamoDB would answer.
 */
export async function locateItems(
  store: DynaliteStore,
  items: unknown[],
  kinds: readonly string[],
  message: string,
): Promise<LocatedItem[] | Failure> {
  const checked: { kind: string; data: RequestData }[] = [];
  for (const [index, entry] of items.entries()) {
    const present =
      entry !== null && typeof entry === 'object' && !Array.isArray(entry)
        ? kinds.filter((kind) => (entry as Record<string, unknown>)[kind] != null)
        : [];
    if (present.length !== 1) return validationFailure(message);
    const kind = present[0]!;
    const member = (entry as Record<string, unknown>)[kind];
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return validationFailure(message);
    const spec = ITEM_KINDS[kind]!;
    const at = `transactItems.${index + 1}.member.${kind[0]!.toLowerCase()}${kind.slice(1)}`;
    const raw = member as Record<string, unknown>;
    for (const name of spec.required) {
      if (raw[name] == null) {
        return validationFailure(
          `1 validation error detected: Value null at '${at}.${name[0]!.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
        );
      }
    }
    const returnValues = raw.ReturnValuesOnConditionCheckFailure;
    if (returnValues != null && returnValues !== 'ALL_OLD' && returnValues !== 'NONE') {
      return validationFailure(
        `1 validation error detected: Value '${String(returnValues)}' at '${at}.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
      );
    }
    const data: RequestData = {};
    for (const name of spec.members) if (raw[name] !== undefined) data[name] = structuredClone(raw[name]);
    const validated = validateRequest(store, spec.operation, data);
    if (!validated.ok) return withItemPath(validated, at);
    if (returnValues === 'ALL_OLD') validated.data.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    checked.push({ kind, data: validated.data });
  }

  const located: LocatedItem[] = [];
  const seen = new Set<string>();
  const tables = new Map<string, TableDescription | undefined>();
  for (const { kind, data } of checked) {
    const tableName = data.TableName as string;
    if (!tables.has(tableName)) tables.set(tableName, await getTable(store, tableName, true));
    const table = tables.get(tableName);
    if (!table) return resourceNotFound();
    const source = kind === 'Put' ? data.Item : data.Key;
    const invalid =
      kind === 'Put'
        ? dynaliteDb.validateItem(source, table)
        : (dynaliteDb.validateKey(source, table) ??
          (kind === 'Update' ? dynaliteDb.validateUpdates(undefined, data._updates, table) : undefined) ??
          (kind === 'Get' ? dynaliteDb.validateKeyPaths((data._projection as { nestedPaths?: unknown } | undefined)?.nestedPaths, table) : undefined));
    if (invalid) return { ok: false, statusCode: invalid.statusCode ?? 400, body: invalid.body ?? validationBody(invalid.message) };
    const key = dynaliteDb.createKey(source, table);
    const identity = `${tableName}\u0000${key}`;
    if (seen.has(identity)) return validationFailure(MULTIPLE_OPERATIONS_MESSAGE);
    seen.add(identity);
    located.push({ kind, data, table, key, keyAttributes: keyAttributesOf(source as Record<string, unknown>, table) });
  }
  return located;
}

function keyAttributesOf(item: Record<string, unknown>, table: TableDescription): Record<string, unknown> {
  const key: Record<string, unknown> = {};
  for (const { AttributeName } of table.KeySchema) key[AttributeName] = item[AttributeName];
  return key;
}

/** dynalite reports paths relative to the single-item request; DynamoDB's are from the top. */
function withItemPath(failure: Failure, at: string): Failure {
  const message = failure.body.message;
  if (typeof message !== 'string' || !/^\d+ validation errors? detected: /.test(message)) return failure;
  return { ...failure, body: { ...failure.body, message: message.replace(/ at '/g, ` at '${at}.`) } };
}
