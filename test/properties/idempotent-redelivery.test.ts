import { describe, expect, it } from 'vitest';
import { idempotentRedelivery } from '../../properties/idempotent-redelivery.js';
import type { Shard } from '../../src/model/types.js';
import { kinesis } from '../support/records.js';
import { differentialSkips } from './differential.js';
import { attributed, call, defaultShards, difference, evidence, invocation, run, s1, shardId, testRule, type DynamoDBRecord } from './rule-tester.js';

// the batch failed once and came again: every record of it was delivered twice
const redelivery = () => evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error' }), invocation({ attempt: 2, reason: 'retry' })] }) });
// each record came once; the second invocation (of the record after) ran in a fresh execution environment
const coldStart = () => evidence({
  adv: run({ invocations: [invocation({ sequenceNumbers: [s1] }), invocation({ sequenceNumbers: [] })] }),
  faults: { invocations: [{ kind: 'cold-start', invocation: 1 }], reorder: false },
});
const kinesisShards: Shard[] = [{ shardId, records: [kinesis('100', { partitionKey: 'order-1' }), kinesis('200', { partitionKey: 'order-1' })] }];

testRule(idempotentRedelivery, {
  valid: [{ name: 'no differences', input: evidence() }],
  invalid: [
    {
      name: 'an effect applied twice',
      input: evidence({ differences: [attributed('idempotent-redelivery', 'an effect was applied more than once when records were delivered again', { kind: 'extra' })] }),
      message: /^an effect was applied more than once when records were delivered again \(table out holds an extra \["a"\]\)$/,
    },
  ],
  attributes: [
    { name: 'an extra effect', input: { difference: difference({ kind: 'extra' }), evidence: redelivery() }, reason: /^an effect was applied more than once when records were delivered again$/ },
    { name: 'a missing effect', input: { difference: difference(), evidence: redelivery() }, reason: /^an effect went missing when records were delivered more than once$/ },
    {
      name: 'a message missing only by its deduplication id: the same body went out under another',
      input: {
        difference: difference({ where: 'sqs q.fifo', id: 'dedup-1', expected: { orderId: 'a' }, actual: undefined }),
        evidence: { ...redelivery(), adv: { ...redelivery().adv, outbox: [{ service: 'sqs', operation: 'SendMessage', target: 'q.fifo', body: '{"orderId":"a"}', id: 'dedup-2', group: 'a', invocation: 1, at: 0 }] } },
      },
      reason: /^a message went out under another deduplication id than in the run without faults: an id that changes from one delivery to the next \(a random value\) makes every redelivery a message of its own$/,
    },
    {
      // its write failed, the batch came again, and the handler made no call for it: a dedup mark set before the write
      name: 'a missing effect of a record passed over on the delivery after its write failed',
      input: {
        difference: difference(),
        evidence: evidence({ adv: run({
          invocations: [invocation({ outcome: 'function-error' }), invocation({ attempt: 2, reason: 'retry' })],
          calls: [call({ input: { TableName: 'out', Item: { pk: { S: 'a' } } }, statusCode: 500, outcome: 'error', fault: 'server-error' })],
        }) }),
      },
      reason: new RegExp(`^record ${s1} came again after its dynamodb PutItem failed in invocation #1, and on that delivery \\(invocation #2\\) the handler made no downstream call for it and reported success: it took the record for done, though its change was never made$`),
    },
    {
      name: 'not when the delivery after the failure wrote it again (and it went missing some other way)',
      input: {
        difference: difference(),
        evidence: evidence({ adv: run({
          invocations: [invocation({ outcome: 'function-error' }), invocation({ attempt: 2, reason: 'retry' })],
          calls: [call({ input: { TableName: 'out', Item: { pk: { S: 'a' } } }, statusCode: 500, outcome: 'error', fault: 'server-error' }), call({ call: 1, invocation: 1, input: { TableName: 'out', Key: { pk: { S: 'a' } } } })],
        }) }),
      },
      reason: /^an effect went missing when records were delivered more than once$/,
    },
    { name: 'a changed value', input: { difference: difference({ kind: 'changed' }), evidence: redelivery() }, reason: /^redelivered records left a different value than exactly-once delivery$/ },
    {
      name: 'a changed value after a redelivery whose concurrent writes of the key were reordered: both named',
      input: { difference: difference({ kind: 'changed' }), evidence: { ...redelivery(), faults: { invocations: [], reorder: true }, adv: { ...redelivery().adv, calls: [call({ input: {}, invocation: 1, reordered: true })] } } },
      reason: /^redelivered records, their concurrent writes completing in another order than issued, left a different value than exactly-once delivery$/,
    },
    {
      name: 'an extra item after a redelivery whose concurrent writes of the key were reordered: not "applied more than once" (a write may have landed after a later delete)',
      input: { difference: difference({ kind: 'extra' }), evidence: { ...redelivery(), faults: { invocations: [], reorder: true }, adv: { ...redelivery().adv, calls: [call({ input: {}, invocation: 1, reordered: true })] } } },
      reason: /^redelivered records, their concurrent writes completing in another order than issued, left an item that exactly-once delivery does not leave$/,
    },
    {
      name: 'no record delivered twice, a cold start: the cold start is named, never a redelivery',
      input: { difference: difference({ kind: 'changed' }), evidence: coldStart() },
      reason: /^no record was delivered twice, yet after a cold start before invocation #2 \(fresh module state\) the handler left a different value than in a run without it$/,
    },
    {
      name: 'no record delivered twice, no cold start: the faults are named, never a redelivery',
      input: { difference: difference({ kind: 'extra' }), evidence: evidence() },
      reason: /^no record was delivered twice, yet under the run's injected faults the handler left a different value than in a run without them$/,
    },
    // a Kinesis producer retry's copy is judged by producer-duplicates: the adversarial run is compared with the stream that holds the copies
    {
      name: 'a difference on a key a producer retry copied (the copy is in the reference: whatever differs is redelivery)',
      input: {
        difference: difference({ kind: 'extra', keys: ['order-1'] }),
        evidence: evidence({ source: 'kinesis', advShards: kinesisShards, retries: [{ shardId, original: '100', copy: '200' }], adv: run({ invocations: [invocation({ sequenceNumbers: ['100'], outcome: 'function-error' }), invocation({ sequenceNumbers: ['100', '200'] })] }) }),
      },
      reason: /^an effect was applied more than once when records were delivered again$/,
    },
  ],
  skips: differentialSkips,
});

describe('a difference only a cold start explains', () => {
  const reason = 'no record was delivered twice, yet after a cold start before invocation #2 (fresh module state) the handler left a different value than in a run without it';

  it('gets its own production sentence and a fix about module state, not "make each effect idempotent"', async () => {
    const finding = await idempotentRedelivery.judgeCase!({ ...coldStart(), differences: [attributed('idempotent-redelivery', reason, { kind: 'changed' })] });
    expect(finding?.message).toBe(`${reason} (table out ["a"] differs)`);
    expect(finding?.production).toMatch(/^Lambda starts new execution environments at any time/);
    expect(finding?.fix).toMatch(/module-scope state: a cache of items the stream changes goes stale \(use the record's NewImage, or read the item again\)/);
  });

  it('on a KEYS_ONLY stream, whose records carry no image, the fix says to read the item again', async () => {
    const keysOnly = defaultShards.map((shard) => ({ ...shard, records: shard.records.map((r) => ({ ...r, dynamodb: { ...(r as DynamoDBRecord).dynamodb, StreamViewType: 'KEYS_ONLY' } })) })) as Shard[];
    const finding = await idempotentRedelivery.judgeCase!({ ...coldStart(), advShards: keysOnly, differences: [attributed('idempotent-redelivery', reason, { kind: 'changed' })] });
    expect(finding?.fix).toMatch(/goes stale \(read the item again with a strongly consistent read\)/);
  });

  it('when the run with the cold start left what downstream.expect states and the run without it did not, the module state is named as the bug', async () => {
    const differs = attributed('idempotent-redelivery', reason, { kind: 'changed' });
    const wrongWithoutIt = { by: 'mirror' as const, reference: [difference({ kind: 'changed' })], adversarial: [] };
    const finding = await idempotentRedelivery.judgeCase!({ ...coldStart(), differences: [differs], expectation: wrongWithoutIt });
    expect(finding?.message).toBe(`${reason} (table out ["a"] differs); the run with the cold start left what downstream.expect states, the run without it did not`);
    expect(finding?.fix).toMatch(/^The state the handler keeps in module scope is what makes it wrong: the run that lost that state in the cold start left the expected value\. Drop that state, or make it right/);
    expect(finding?.fix).not.toMatch(/keep it in a table/);
    // both runs wrong, or no expectation: the general advice
    for (const expectation of [{ ...wrongWithoutIt, adversarial: wrongWithoutIt.reference }, undefined]) {
      const general = await idempotentRedelivery.judgeCase!({ ...coldStart(), differences: [differs], expectation });
      expect(general?.fix).toMatch(/^Keep what the handler writes independent of module-scope state/);
    }
  });

  it('a difference in a table of idempotency records (Powertools\' shape) points at downstream.ignoreTables', async () => {
    const record = (status: string, expiration: number) => ({ id: { S: 'stream-consumer#V8Sq' }, status: { S: status }, expiration: { N: String(expiration) } });
    const store = attributed('idempotent-redelivery', 'redelivered records left a different value than exactly-once delivery', { kind: 'changed', where: 'table idempotency', keys: [], expected: record('COMPLETED', 1), actual: record('INPROGRESS', 2) });
    const finding = await idempotentRedelivery.judgeCase!({ ...redelivery(), differences: [store] });
    expect(finding?.fix).toMatch(/^Table idempotency holds idempotency records \(Powertools Idempotency's shape: status, expiration\).* list the table in downstream\.ignoreTables \(\["idempotency"\]\)/);
    // a table whose items merely have a status is business state: the rule's own fix
    const orders = attributed('idempotent-redelivery', 'x', { kind: 'changed', expected: { pk: { S: 'a' }, status: { S: 'COMPLETED' } }, actual: { pk: { S: 'a' }, status: { S: 'NEW' } } });
    expect((await idempotentRedelivery.judgeCase!({ ...redelivery(), differences: [orders] }))?.fix).toBeUndefined();
  });

  it('keeps the rule’s own fix when records were delivered again', async () => {
    const finding = await idempotentRedelivery.judgeCase!({ ...redelivery(), differences: [attributed('idempotent-redelivery', 'redelivered records left a different value than exactly-once delivery', { kind: 'changed' })] });
    expect(finding?.fix).toBeUndefined();
    expect(finding?.production).toBeUndefined();
  });
});

describe('idempotent-redelivery: a record passed over on its retry', () => {
  it('its own production sentence and fix: mark a record done only after its change was made', async () => {
    const reason = 'record 1 came again after its dynamodb PutItem failed in invocation #1, and on that delivery (invocation #2) the handler made no downstream call for it and reported success: it took the record for done, though its change was never made';
    const finding = await idempotentRedelivery.judgeCase!(evidence({ differences: [attributed('idempotent-redelivery', reason)] }));
    expect(finding?.production).toMatch(/^A record whose write failed is delivered again, and the handler passes over it as already done/);
    expect(finding?.fix).toMatch(/^Mark a record done only after its change was made/);
  });
});
