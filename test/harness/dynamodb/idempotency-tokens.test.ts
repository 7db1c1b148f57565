import { describe, expect, it } from 'vitest';
import { IdempotencyTokens, requestFingerprint, TOKEN_WINDOW_MS } from '../../../src/harness/dynamodb/idempotency-tokens.js';

/**
 * "A client request token is valid for 10 minutes after the first request that uses it is
 * completed. After 10 minutes, any request with the same client token is treated as a new request."
 * (DynamoDB API reference, TransactWriteItems, ClientRequestToken)
 */
describe('IdempotencyTokens', () => {
  const t0 = 1_700_000_000_000;

  it('is a replay with the same request within ten minutes, a mismatch with another, new after', () => {
    const tokens = new IdempotencyTokens();
    expect(tokens.check('t', 'A', t0)).toBe('new');
    tokens.remember('t', 'A', t0);
    expect(tokens.check('t', 'A', t0 + TOKEN_WINDOW_MS - 1)).toBe('replay');
    expect(tokens.check('t', 'B', t0 + TOKEN_WINDOW_MS - 1)).toBe('mismatch');
    expect(tokens.check('t', 'A', t0 + TOKEN_WINDOW_MS)).toBe('new');
    expect(tokens.check('t', 'B', t0 + TOKEN_WINDOW_MS)).toBe('new');
    expect(tokens.check('other', 'A', t0)).toBe('new');
    expect(TOKEN_WINDOW_MS).toBe(600_000);
  });

  it('forgets every token when cleared (a new run)', () => {
    const tokens = new IdempotencyTokens();
    tokens.remember('t', 'A', t0);
    tokens.clear();
    expect(tokens.check('t', 'B', t0)).toBe('new');
  });
});

describe('requestFingerprint', () => {
  it('ignores the token, key order and undefined members; sees every other difference', () => {
    const a = { ClientRequestToken: 'x', TransactItems: [{ Put: { TableName: 't', Item: { id: { S: '1' }, n: { N: '2' } } } }] };
    const b = { TransactItems: [{ Put: { Item: { n: { N: '2' }, id: { S: '1' } }, TableName: 't' } }], ClientRequestToken: 'y', ReturnConsumedCapacity: undefined };
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
    const other = { TransactItems: [{ Put: { TableName: 't', Item: { id: { S: '1' }, n: { N: '3' } } } }] };
    expect(requestFingerprint(other)).not.toBe(requestFingerprint(a));
    const reordered = { TransactItems: [{ Put: { TableName: 't', Item: { id: { S: '2' } } } }, { Put: { TableName: 't', Item: { id: { S: '1' } } } }] };
    const inOrder = { TransactItems: [{ Put: { TableName: 't', Item: { id: { S: '1' } } } }, { Put: { TableName: 't', Item: { id: { S: '2' } } } }] };
    expect(requestFingerprint(reordered)).not.toBe(requestFingerprint(inOrder));
    expect(requestFingerprint({ ...inOrder, ReturnConsumedCapacity: 'TOTAL' })).not.toBe(requestFingerprint(inOrder));
  });
});
