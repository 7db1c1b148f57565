import { describe, expect, it } from 'vitest';
import type { ProducerRetry } from '../../generators/producer-retry.js';
import type { Difference } from '../../src/core/difference.js';
import type { FaultSchedule, HarnessRun, RecordedCall } from '../../src/harness/index.js';
import { attributeDifferences } from '../../src/judge/attribute.js';
import type { InvocationRecord, Shard, Source } from '../../src/model/types.js';

const classifyDifferences = (diffs: Difference[], adv: HarnessRun, advShards: Shard[], source: Source, faults: { reorder: boolean; invocations?: FaultSchedule['invocations'] } = { reorder: false }, retries: ProducerRetry[] = []) =>
  attributeDifferences(diffs, { adv, advShards, source, retries, faults: { invocations: [], ...faults } });

// One key written three times: INSERT {v 1}, MODIFY {v 2}, MODIFY {v 3, note x}.
const image = (v: string, extra: Record<string, unknown> = {}) => ({ pk: { S: 'a' }, v: { N: v }, ...extra });
const record = (seq: string, eventName: string, newImage: Record<string, unknown>) => ({ eventName, dynamodb: { Keys: { pk: { S: 'a' } }, SequenceNumber: seq, NewImage: newImage } });
const shards = [{ shardId: 's-1', records: [record('100', 'INSERT', image('1')), record('200', 'MODIFY', image('2')), record('300', 'MODIFY', image('3', { note: { S: 'x' } }))] }] as unknown as Shard[];

const invocation = (seqs: string[]): InvocationRecord => ({ shardId: 's-1', sequenceNumbers: seqs, outcome: 'success' }) as InvocationRecord;
const put = (call: number, v: string, invocationIndex = 0, attempt = 1): RecordedCall => ({
  call, attempt, invocation: invocationIndex, at: 0, service: 'dynamodb', operation: 'PutItem', input: { TableName: 't', Item: image(v) }, statusCode: 200, outcome: 'ok',
});
const reordered = (call: RecordedCall): RecordedCall => ({ ...call, reordered: true });
const run = (invocations: InvocationRecord[], calls: RecordedCall[]): HarnessRun =>
  ({ trace: { invocations } as HarnessRun['trace'], calls, outbox: [], tables: {} as HarnessRun['tables'], problems: [], warnings: [] });
const changed = (actual: unknown, expected: unknown = image('3', { note: { S: 'x' } })): Difference =>
  ({ kind: 'changed', where: 'table t', id: '[{"S":"a"}]', expected, actual, keys: ['pk=a'] });

describe('classifying a difference by the mechanism that produced it', () => {
  it('no redelivery, calls finished out of issue order: per-key-ordering, never idempotent-redelivery', () => {
    const once = run([invocation(['100', '200', '300'])], [put(0, '1'), put(2, '3'), put(1, '2')]);
    const [d] = classifyDifferences([changed({ pk: { S: 'a' }, v: { N: '7' } })], once, shards, 'dynamodb');
    expect(d!.rule).toBe('per-key-ordering');
    expect(d!.reason).toMatch(/^no record was delivered twice, yet an SDK retry/);
  });

  it('no redelivery under an adversarial completion order: per-key-ordering, naming the order', () => {
    // recorded as answered: the schedule answered call 2 first
    const once = run([invocation(['100', '200', '300'])], [put(2, '3'), put(0, '1'), put(1, '2')].map(reordered));
    const [d] = classifyDifferences([changed({ pk: { S: 'a' }, v: { N: '7' } })], once, shards, 'dynamodb', { reorder: true });
    expect(d!.rule).toBe('per-key-ordering');
    expect(d!.reason).toMatch(/concurrent downstream calls completed in another order/);
  });

  it('an adversarial order drawn for a handler that never had two calls in flight explains nothing', () => {
    // a sequential handler whose value is wrong for another reason (a stale cache, say): the order is not to blame
    const once = run([invocation(['100', '200', '300'])], [put(0, '1'), put(1, '2'), put(2, '3')]);
    const [d] = classifyDifferences([changed({ pk: { S: 'a' }, v: { N: '7' } })], once, shards, 'dynamodb', { reorder: true });
    expect(d!.reason ?? '').not.toMatch(/completed in another order/);
  });

  it('calls reordered only in an invocation that delivered no record of the key explain nothing about it', () => {
    const other = [{ shardId: 's-1', records: [...shards[0]!.records, { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'b' } }, SequenceNumber: '400', NewImage: { pk: { S: 'b' } } } }] }] as unknown as Shard[];
    const elsewhere = run([invocation(['100', '200', '300']), invocation(['400'])], [put(0, '1'), put(1, '2'), put(2, '3'), ...[put(4, '9', 1), put(3, '8', 1)].map(reordered)]);
    const [d] = classifyDifferences([changed({ pk: { S: 'a' }, v: { N: '7' } })], elsewhere, other, 'dynamodb', { reorder: true });
    expect(d!.reason ?? '').not.toMatch(/completed in another order/);
  });

  it('records delivered again and a value no version explains: idempotent-redelivery', () => {
    const twice = run([invocation(['100', '200']), invocation(['100', '200', '300'])], [put(0, '1'), put(1, '2'), put(2, '1', 1), put(3, '2', 1), put(4, '3', 1)]);
    const [d] = classifyDifferences([changed({ pk: { S: 'a' }, v: { N: '7' } })], twice, shards, 'dynamodb');
    expect(d!.rule).toBe('idempotent-redelivery');
  });

  it('the value is exactly an older record’s image: an older image overwrote a newer one', () => {
    // the newest image differs from the older one only by an attribute it lacks, which no shared attribute tells apart
    const tags = { tags: { L: [{ S: 'gift' }] } };
    const history = [{ shardId: 's-1', records: [
      record('100', 'INSERT', { pk: { S: 'a' }, ...tags }),
      record('200', 'MODIFY', { pk: { S: 'a' }, status: { S: 'SHIPPED' }, ...tags }),
      record('300', 'MODIFY', { pk: { S: 'a' }, ...tags }),
    ] }] as unknown as Shard[];
    // the schedule completed the key's concurrent writes out of issue order: the older could land last
    const once = run([invocation(['100', '200', '300'])], [put(1, '2'), put(0, '1')].map(reordered));
    const [d] = classifyDifferences([changed({ pk: { S: 'a' }, status: { S: 'SHIPPED' }, ...tags }, { pk: { S: 'a' }, ...tags })], once, history, 'dynamodb', { reorder: true });
    expect(d!.rule).toBe('per-key-ordering');
    expect(d!.reason).toMatch(/holds the image of record 200 although record 300/);
    // nothing in the run applied it out of order (each record once, its writes in order): a stale value, not an ordering bug
    const inOrder = run([invocation(['100', '200', '300'])], [put(0, '1'), put(1, '2')]);
    const [stale] = classifyDifferences([changed({ pk: { S: 'a' }, status: { S: 'SHIPPED' }, ...tags }, { pk: { S: 'a' }, ...tags })], inOrder, history, 'dynamodb');
    expect(stale!.rule).toBe('idempotent-redelivery');
  });
});

describe('an effect tied to no source key (a window total)', () => {
  const total = (actual: number): Difference => ({ kind: 'changed', where: 'table totals', id: '[{"S":"w1"}]', expected: { n: 1 }, actual: { n: actual }, keys: [] });

  it('any record delivered twice in the run makes it a redelivery finding, even with an adversarial order', () => {
    const duplicated = run([invocation(['100']), invocation(['100'])], [put(0, '1'), put(1, '1', 1)]);
    const [d] = classifyDifferences([total(2)], duplicated, shards, 'dynamodb', { reorder: true });
    expect(d!.rule).toBe('idempotent-redelivery');
  });

  it('nothing delivered twice and an adversarial order: per-key-ordering', () => {
    const once = run([invocation(['100', '200', '300'])], [put(1, '2'), put(0, '1'), put(2, '3')].map(reordered));
    expect(classifyDifferences([total(2)], once, shards, 'dynamodb', { reorder: true })[0]!.rule).toBe('per-key-ordering');
  });
});
