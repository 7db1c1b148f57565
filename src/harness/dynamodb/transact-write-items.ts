import { dynaliteDb, getItem, runAction, type DynaliteOutcome, type DynaliteStore, type RequestData } from './dynalite-internals.js';
import { errorBody } from './dynamodb-errors.js';
import { requestFingerprint, type IdempotencyTokens } from './idempotency-tokens.js';
import { locateItems, transactItemsOf, validationFailure, type Failure, type LocatedItem } from './transaction-items.js';

/**
 * TransactWriteItems over dynalite, all or nothing. The caller runs it alone (the gateway's serial
 * queue), so what is read here cannot change before it is written:
 * 1. every item is validated by dynalite as the single-item request it stands for;
 * 2. the items are read and every condition is evaluated by dynalite's own expression code;
 *    a failed condition cancels the transaction before anything is written;
 * 3. the writes go through dynalite's PutItem / UpdateItem / DeleteItem (indexes included); an
 *    error found only while writing (an update on a wrong type, an item grown too large) cancels
 *    the transaction and the items already written are put back as they were read.
 */

export interface TransactionContext {
  store: DynaliteStore;
  tokens: IdempotencyTokens;
  now: () => number;
}

const WRITE_KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;

const ONE_OPERATION_MESSAGE = 'TransactItems can only contain one of Check, Put, Update or Delete';

const TOKEN_MISMATCH_MESSAGE =
  'The request uses the same client token as a previous, but non-identical request. Please ensure that the request has the same parameters (the same table, item key, attribute names, values etc.) as the original request.';

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

export async function transactWriteItems(
  context: TransactionContext,
  request: Record<string, unknown>,
): Promise<DynaliteOutcome> {
  const { store, tokens } = context;
  const fingerprint = requestFingerprint(request);
  const items = transactItemsOf(request);
  if (!Array.isArray(items)) return items;

  const token = request.ClientRequestToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
    return validationFailure(
      `1 validation error detected: Value '${String(token)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`,
    );
  }
  if (typeof token === 'string') {
    const verdict = tokens.check(token, fingerprint, context.now());
    if (verdict === 'replay') return { ok: true, data: {} };
    if (verdict === 'mismatch') {
      return { ok: false, statusCode: 400, body: errorBody('IdempotentParameterMismatchException', TOKEN_MISMATCH_MESSAGE) };
    }
  }

  const located = await locateItems(store, items, WRITE_KINDS, ONE_OPERATION_MESSAGE);
  if (!Array.isArray(located)) return located;

  const before = await Promise.all(located.map((item) => getItem(store, item.data.TableName as string, item.key)));

  const reasons: CancellationReason[] = located.map((item, index) => {
    const existing = before[index];
    if (conditionHolds(item, existing)) return { Code: 'None' };
    const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
    if (existing && item.data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') reason.Item = existing;
    return reason;
  });
  if (reasons.some((reason) => reason.Code !== 'None')) return cancelled(reasons);

  const applied: number[] = [];
  const writeReasons: CancellationReason[] = [];
  for (const [index, item] of located.entries()) {
    const outcome = await write(store, item);
    if (outcome.ok) {
      if (item.kind !== 'ConditionCheck') applied.push(index);
      writeReasons.push({ Code: 'None' });
    } else {
      writeReasons.push(reasonFor(outcome));
    }
  }
  if (writeReasons.some((reason) => reason.Code !== 'None')) {
    for (const index of applied.reverse()) await restore(store, located[index]!, before[index]);
    return cancelled(writeReasons);
  }

  if (typeof token === 'string') tokens.remember(token, fingerprint, context.now());
  return { ok: true, data: consumedCapacity(request, located) };
}

function conditionHolds(item: LocatedItem, existing: Record<string, unknown> | undefined): boolean {
  return !dynaliteDb.checkConditional(item.data, existing);
}

/** The write an item stands for, its condition already checked. */
function write(store: DynaliteStore, item: LocatedItem): Promise<DynaliteOutcome> {
  const { _condition: _checked, ConditionExpression: _expression, ...data } = item.data;
  switch (item.kind) {
    case 'Put':
      return runAction(store, 'PutItem', data);
    case 'Update':
      return runAction(store, 'UpdateItem', data);
    case 'Delete':
      return runAction(store, 'DeleteItem', data);
    default:
      return Promise.resolve({ ok: true, data: {} });
  }
}

/** Puts an item back as it was read before the transaction. */
async function restore(store: DynaliteStore, item: LocatedItem, previous: Record<string, unknown> | undefined): Promise<void> {
  const TableName = item.data.TableName;
  const outcome = previous
    ? await runAction(store, 'PutItem', { TableName, Item: previous } satisfies RequestData)
    : await runAction(store, 'DeleteItem', { TableName, Key: item.keyAttributes } satisfies RequestData);
  if (!outcome.ok) throw new Error(`rolling back a cancelled transaction failed: ${JSON.stringify(outcome.body)}`);
}

function reasonFor(failure: Failure): CancellationReason {
  const type = String(failure.body.__type ?? '');
  const name = type.slice(type.indexOf('#') + 1);
  const message = (failure.body.message ?? failure.body.Message) as string | undefined;
  const code = name === 'ValidationException' ? 'ValidationError' : name.replace(/Exception$/, '');
  return message === undefined ? { Code: code } : { Code: code, Message: message };
}

function cancelled(reasons: CancellationReason[]): Failure {
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`;
  return {
    ok: false,
    statusCode: 400,
    body: errorBody('TransactionCanceledException', message, { CancellationReasons: reasons }),
  };
}

/** `ConsumedCapacity` when asked for: transactional writes cost two units per item written or checked. */
function consumedCapacity(request: Record<string, unknown>, items: LocatedItem[]): Record<string, unknown> {
  if (request.ReturnConsumedCapacity !== 'TOTAL' && request.ReturnConsumedCapacity !== 'INDEXES') return {};
  const units = new Map<string, number>();
  for (const item of items) {
    const table = item.data.TableName as string;
    units.set(table, (units.get(table) ?? 0) + 2);
  }
  return {
    ConsumedCapacity: [...units].map(([TableName, CapacityUnits]) =>
      request.ReturnConsumedCapacity === 'INDEXES'
        ? { TableName, CapacityUnits, WriteCapacityUnits: CapacityUnits, Table: { CapacityUnits, WriteCapacityUnits: CapacityUnits } }
        : { TableName, CapacityUnits, WriteCapacityUnits: CapacityUnits },
    ),
  };
}
