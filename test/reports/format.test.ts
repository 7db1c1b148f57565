import { describe, expect, it } from 'vitest';
import { callLine, callSucceeded, counterexampleLines, detailFacts, differenceKey, faultLine, recordMarks, timelineText } from '../../reports/format.js';
import type { CounterexampleFault } from '../../reports/report.js';
import { loadReport } from './support.js';

describe('the sentences of a counterexample (reports/format.ts)', () => {
  it('writes each fault kind as the sentence the console has always printed', () => {
    const lines: [CounterexampleFault, string][] = [
      [{ kind: 'producer-retry', shardId: 'shardId-0', original: '11', copy: '13' }, 'record 11 of shardId-0 is written again by a producer retry: same partition key and data, new sequence number 13'],
      [{ kind: 'call-error', call: 2, error: 'throttling', attempts: 2, permanent: false }, 'downstream call #2: throttling on its first 2 attempts (a later retry would succeed)'],
      [{ kind: 'call-error', call: 5, error: 'network-reset', attempts: 1, permanent: false }, 'downstream call #5: network-reset on its first attempt (a retry would succeed)'],
      [{ kind: 'call-error', call: 3, error: 'server-error', attempts: 99, permanent: true }, 'downstream call #3: server-error on every attempt, however often it is retried'],
      [{ kind: 'partial-batch', call: 4, failed: [0, 2] }, 'downstream call #4: its entries #0 and #2 reported failed'],
      [{ kind: 'poison-key', values: ['k', '7'] }, 'every call for key k/7 fails (a poison record)'],
      [{ kind: 'timeout-after-calls', invocation: 1, calls: 1 }, 'invocation #1: times out after 1 downstream call(s)'],
      [
        { kind: 'timeout-after-calls', invocation: 1, calls: 1, frozeLeftWork: true },
        'invocation #1: its execution environment freezes for good after 1 downstream call(s); the handler had returned by then, so the work it left running stops there',
      ],
      [
        { kind: 'timeout-after-calls', invocation: 2, calls: 0, frozeLeftWork: true },
        'invocation #2: its execution environment freezes for good before any downstream call; the handler had returned by then, so the work it left running stops there',
      ],
      [{ kind: 'cold-start', invocation: 2 }, 'invocation #2: runs after a cold start'],
      [{ kind: 'duplicate-delivery', invocation: 3 }, 'invocation #3: its batch is delivered again (poller duplicate)'],
      [{ kind: 'reorder', seed: 42 }, 'concurrent downstream calls complete in an adversarial order (seed 42)'],
    ];
    for (const [fault, sentence] of lines) expect(faultLine(fault)).toBe(sentence);
  });

  it('quotes a source key whose value is blank or padded, so that it can be seen', () => {
    const at = (sourceKeys: string[]) => differenceKey({ where: 'sns topic', id: '#0', sourceKeys } as never);
    expect(at(['orderId= '])).toBe('sns topic #0 (source "orderId= ")');
    expect(at(['orderId='])).toBe('sns topic #0 (source "orderId=")');
    expect(at(['orderId=o-1', 'pk=a,sk= b'])).toBe('sns topic #0 (source orderId=o-1 | "pk=a,sk= b")');
  });

  it('names a message known only by its whole JSON as such (the lines below show it), not by the JSON escaped again', () => {
    const id = JSON.stringify({ body: JSON.stringify({ Source: 'com.acme.orders', DetailType: 'OrderCreated', Detail: JSON.stringify({ eventId: '901eea351055bf2e8a12548c91f38c39' }) }) });
    expect(differenceKey({ where: 'eventbridge orders-bus', id, sourceKeys: ['orderId=o-1'] } as never)).toBe('eventbridge orders-bus a message known by its body (source orderId=o-1)');
    expect(differenceKey({ where: 'sqs q.fifo', id: '4971f3ec-07ab-4ff5-82d0-d498e653f035', sourceKeys: [] } as never)).toBe('sqs q.fifo 4971f3ec-07ab-4ff5-82d0-d498e653f035');
  });

  it('copes with what a report read from JSON may hold: an older sentence, an unknown or incomplete fault', () => {
    expect(faultLine('a sentence from a schema 1 report')).toBe('a sentence from a schema 1 report');
    expect(faultLine({ kind: 'throttle', invocation: 2 })).toBe('{"kind":"throttle","invocation":2}');
    expect(faultLine({ kind: 'cold-start' })).toBe('{"kind":"cold-start"}');
    expect(callLine('invocation #1 call #0.1 sqs SendMessage → ok 200')).toBe('invocation #1 call #0.1 sqs SendMessage → ok 200');
    expect(callLine({ nonsense: true })).toBe('{"nonsense":true}');
    expect(timelineText({ trace: {} as never })).toBe('');
  });

  it('a call as one line, and whether it succeeded', () => {
    const ok = { invocation: 1, call: 0, attempt: 1, service: 'dynamodb', operation: 'PutItem', outcome: 'ok' as const, statusCode: 200 };
    const failed = { ...ok, attempt: 2, outcome: 'error' as const, statusCode: 400, fault: 'throttling' };
    expect(callLine(ok)).toBe('invocation #1 call #0.1 dynamodb PutItem → ok 200');
    expect(callLine(failed)).toBe('invocation #1 call #0.2 dynamodb PutItem → error 400 (injected throttling)');
    expect(callLine({ ...failed, error: 'ValidationException', fault: undefined })).toBe('invocation #1 call #0.2 dynamodb PutItem → error 400 ValidationException');
    expect(callLine({ ...ok, invocation: 2, leftBy: 1 })).toBe('invocation #2 (work invocation #1 left on a timer) call #0.1 dynamodb PutItem → ok 200');
    expect(callLine({ ...ok, afterReturn: true })).toBe('invocation #1 (after it ended) call #0.1 dynamodb PutItem → ok 200');
    expect(callLine({ ...ok, invocation: 2, leftBy: 1, afterReturn: true })).toBe('invocation #2 (work invocation #1 left running when it ended) call #0.1 dynamodb PutItem → ok 200');
    expect([callSucceeded(ok), callSucceeded(failed), callSucceeded('no arrow')]).toEqual([true, false, undefined]);
  });

  it("draws the timeline from the counterexample's trace, with each shard's metrics", () => {
    const c = loadReport('failing').rules.find((r) => r.counterexample)!.counterexample!;
    const text = timelineText(c);
    expect(text).toMatch(/#1 invoke first \[…000000 …000001\] \(2\) → success/);
    expect(text).toMatch(/checkpoint …000001, 2 records invoked, 0 dropped, worst IteratorAge 0\.0s$/);
    expect(counterexampleLines(c)).toContain('Timeline:');
  });

  it('marks a TTL deletion and a record the filter dropped on its record line', () => {
    const record = { shardId: 'shardId-00000001767225600000-0000aaaa', sequenceNumber: '100', eventName: 'REMOVE', key: { pk: 'a' }, oldImage: { pk: 'a', expiresAt: 1 } };
    const c = { records: [record, { ...record, sequenceNumber: '101', ttl: true as const, filtered: true as const }], faults: [], trace: { invocations: [], destinations: [], checkpoints: {}, discards: [], events: [], metrics: {} }, replay: 'x' };
    const lines = counterexampleLines(c);
    expect(lines[1]).toBe('  0000aaaa 100 REMOVE key {"pk":"a"}  old {"pk":"a","expiresAt":1}');
    expect(lines[2]).toBe('  0000aaaa 101 REMOVE key {"pk":"a"} [TTL expiry] [dropped by the filter: never delivered]  old {"pk":"a","expiresAt":1}');
    expect(recordMarks({ shardId: 's', sequenceNumber: '1', eventName: 'MODIFY', key: {}, filtered: true, filteredLacking: 'userIdentity.principalId' })).toEqual(['dropped by the filter (it has no userIdentity.principalId): never delivered']);
  });

  it('shows the item a KEYS_ONLY record’s write left, after its key', () => {
    const record = { shardId: 'shardId-00000001767225600000-0000aaaa', sequenceNumber: '100', eventName: 'INSERT', key: { pk: 'a' }, wrote: { pk: 'a', status: 'NEW' } };
    const c = { records: [record], faults: [], trace: { invocations: [], destinations: [], checkpoints: {}, discards: [], events: [], metrics: {} }, replay: 'x' };
    expect(counterexampleLines(c)[1]).toBe('  0000aaaa 100 INSERT key {"pk":"a"}  wrote {"pk":"a","status":"NEW"}');
  });

  it("shows a rule's typed details as facts, and none it does not know", () => {
    expect(detailFacts({ rule: 'poison-pill-isolation', worstIteratorAgeMs: 86_400_000 })).toEqual(['worst IteratorAge 24.0 h']);
    expect(detailFacts(undefined)).toEqual([]);
    expect(detailFacts({ rule: 'some-future-rule' } as never)).toEqual([]);
  });
});
