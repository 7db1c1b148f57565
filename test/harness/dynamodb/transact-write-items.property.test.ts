import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB } from '../../../src/harness/dynamodb/index.js';
import { sdkGateway } from './sdk-gateway.js';

/**
 * A random sequence of TransactWriteItems calls (random conditions, updates that can fail while
 * applying, now and then the same item twice) leaves the table exactly as a plain in-memory model
 * with DynamoDB's all-or-nothing semantics says, and every refusal is the one the model expects.
 */

type Condition =
  | { kind: 'none' }
  | { kind: 'exists' }
  | { kind: 'notExists' }
  | { kind: 'qtyBelow'; value: number }
  | { kind: 'qtyIs'; value: number };

type Op =
  | { type: 'Put'; key: string; qty: number; condition: Condition; returnOld: boolean }
  | { type: 'Update'; key: string; delta: number; strict: boolean; condition: Condition; returnOld: boolean }
  | { type: 'Delete'; key: string; condition: Condition; returnOld: boolean }
  | { type: 'ConditionCheck'; key: string; condition: Condition; returnOld: boolean };

interface Transaction {
  ops: Op[];
  /** Adds a second operation on the first item: a ValidationException, nothing applied. */
  duplicate: boolean;
}

type State = Map<string, number>;

const KEYS = ['a', 'b', 'c', 'd', 'e'];

const small = fc.integer({ min: -4, max: 4 });
const someCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc.constant<Condition>({ kind: 'exists' }),
  fc.constant<Condition>({ kind: 'notExists' }),
  small.map<Condition>((value) => ({ kind: 'qtyBelow', value })),
  small.map<Condition>((value) => ({ kind: 'qtyIs', value })),
);
const condition = fc.oneof({ weight: 3, arbitrary: fc.constant<Condition>({ kind: 'none' }) }, { weight: 2, arbitrary: someCondition });

const opOn = (key: string): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ qty: small, condition, returnOld: fc.boolean() }).map<Op>((r) => ({ type: 'Put', key, ...r })),
    fc.record({ delta: small, strict: fc.boolean(), condition, returnOld: fc.boolean() }).map<Op>((r) => ({ type: 'Update', key, ...r })),
    fc.record({ condition, returnOld: fc.boolean() }).map<Op>((r) => ({ type: 'Delete', key, ...r })),
    fc.record({ condition: someCondition, returnOld: fc.boolean() }).map<Op>((r) => ({ type: 'ConditionCheck', key, ...r })),
  );

const transaction: fc.Arbitrary<Transaction> = fc.record({
  ops: fc
    .shuffledSubarray(KEYS, { minLength: 1, maxLength: 4 })
    .chain((keys) => fc.tuple(...keys.map(opOn))),
  duplicate: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
});

function holds(condition: Condition, current: number | undefined): boolean {
  switch (condition.kind) {
    case 'none':
      return true;
    case 'exists':
      return current !== undefined;
    case 'notExists':
      return current === undefined;
    case 'qtyBelow':
      return current !== undefined && current < condition.value;
    case 'qtyIs':
      return current === condition.value;
  }
}

type Expected =
  | { outcome: 'applied' }
  | { outcome: 'validation' }
  | { outcome: 'cancelled'; reasons: { Code: string; Message?: string; Item?: unknown }[] };

/** The reference model: all or nothing, conditions against the state before the transaction. */
function apply(state: State, tx: Transaction): Expected {
  if (tx.duplicate) return { outcome: 'validation' };
  const failed = tx.ops.map((op) => !holds(op.condition, state.get(op.key)));
  if (failed.some(Boolean)) {
    return {
      outcome: 'cancelled',
      reasons: tx.ops.map((op, i) => {
        if (!failed[i]) return { Code: 'None' };
        const current = state.get(op.key);
        return {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(op.returnOld && current !== undefined ? { Item: { pk: { S: op.key }, qty: { N: String(current) } } } : {}),
        };
      }),
    };
  }
  const broken = tx.ops.map((op) => op.type === 'Update' && op.strict && !state.has(op.key));
  if (broken.some(Boolean)) {
    return {
      outcome: 'cancelled',
      reasons: broken.map((b) =>
        b ? { Code: 'ValidationError', Message: 'The provided expression refers to an attribute that does not exist in the item' } : { Code: 'None' },
      ),
    };
  }
  for (const op of tx.ops) {
    if (op.type === 'Put') state.set(op.key, op.qty);
    else if (op.type === 'Update') state.set(op.key, (state.get(op.key) ?? 0) + op.delta);
    else if (op.type === 'Delete') state.delete(op.key);
  }
  return { outcome: 'applied' };
}

function expression(condition: Condition): { ConditionExpression?: string; values: Record<string, number> } {
  switch (condition.kind) {
    case 'none':
      return { values: {} };
    case 'exists':
      return { ConditionExpression: 'attribute_exists(pk)', values: {} };
    case 'notExists':
      return { ConditionExpression: 'attribute_not_exists(pk)', values: {} };
    case 'qtyBelow':
      return { ConditionExpression: 'qty < :c', values: { ':c': condition.value } };
    case 'qtyIs':
      return { ConditionExpression: 'qty = :c', values: { ':c': condition.value } };
  }
}

function request(tx: Transaction): TransactWriteCommand {
  const items = tx.ops.map((op) => {
    const { ConditionExpression, values } = expression(op.condition);
    const common = {
      TableName: 'stock',
      ...(ConditionExpression ? { ConditionExpression } : {}),
      ...(op.returnOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
    };
    const withValues = (extra: Record<string, number>) => {
      const all = { ...values, ...extra };
      return Object.keys(all).length > 0 ? { ExpressionAttributeValues: all } : {};
    };
    switch (op.type) {
      case 'Put':
        return { Put: { ...common, Item: { pk: op.key, qty: op.qty }, ...withValues({}) } };
      case 'Update':
        return {
          Update: {
            ...common,
            Key: { pk: op.key },
            UpdateExpression: op.strict ? 'SET qty = qty + :d' : 'SET qty = if_not_exists(qty, :zero) + :d',
            ...withValues(op.strict ? { ':d': op.delta } : { ':d': op.delta, ':zero': 0 }),
          },
        };
      case 'Delete':
        return { Delete: { ...common, Key: { pk: op.key }, ...withValues({}) } };
      case 'ConditionCheck':
        return { ConditionCheck: { ...common, ConditionExpression: ConditionExpression!, Key: { pk: op.key }, ...withValues({}) } };
    }
  });
  if (tx.duplicate) {
    items.push({ ConditionCheck: { TableName: 'stock', Key: { pk: tx.ops[0]!.key }, ConditionExpression: 'attribute_exists(pk)' } });
  }
  return new TransactWriteCommand({ TransactItems: items });
}

let db: EmbeddedDynamoDB;
let sdk: Awaited<ReturnType<typeof sdkGateway>>;

beforeAll(async () => {
  db = await EmbeddedDynamoDB.start();
  await db.declareTables([
    {
      TableName: 'stock',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    },
  ]);
  sdk = await sdkGateway((operation, body) => db.handle(operation, body));
});

afterAll(async () => {
  await sdk.close();
  await db.close();
});

describe('TransactWriteItems against a reference model', () => {
  it('leaves the table as the all-or-nothing model does, refusing exactly as it predicts', () =>
    fc.assert(
      fc.asyncProperty(fc.array(transaction, { minLength: 1, maxLength: 8 }), async (transactions) => {
        await db.reset();
        const model: State = new Map();
        for (const tx of transactions) {
          const expected = apply(model, tx);
          const error = await sdk.documents.send(request(tx)).then(
            () => undefined,
            (err: unknown) => err,
          );
          if (expected.outcome === 'applied') {
            if (error !== undefined) throw new Error(`expected success, got ${String(error)}`);
          } else if (expected.outcome === 'validation') {
            if ((error as Error | undefined)?.name !== 'ValidationException') throw new Error(`expected ValidationException, got ${String(error)}`);
          } else {
            if (!(error instanceof TransactionCanceledException)) throw new Error(`expected cancellation, got ${String(error)}`);
            expect(error.CancellationReasons).toEqual(expected.reasons);
          }
          const stored = (await db.snapshot()).stock!;
          const modelled = [...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([pk, qty]) => ({ pk: { S: pk }, qty: { N: String(qty) } }));
          expect(stored).toEqual(modelled);
        }
      }),
      { numRuns: 30 },
    ));
});
