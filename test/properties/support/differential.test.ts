import { describe, expect, it } from 'vitest';
import { differentialSkip, judgeDifferences } from '../../../properties/support/differential.js';
import { attributed, evidence, skipContext } from '../rule-tester.js';

describe('differential rules', () => {
  it.each([
    { kind: 'missing', message: 'retried (table out lacks ["a"])' },
    { kind: 'extra', message: 'retried (table out holds an extra ["a"])' },
    { kind: 'changed', message: 'retried (table out ["a"] differs)' },
    { kind: 'order', message: 'retried (messages for "[\\"a\\"]" were emitted in another order)' },
    { kind: 'missing', id: JSON.stringify({ body: JSON.stringify({ Source: 'com.acme.orders', DetailType: 'OrderCreated', Detail: '{"eventId":"901eea"}' }) }), where: 'eventbridge orders-bus', message: 'retried (eventbridge orders-bus lacks a message, shown below)' },
    { kind: 'extra', id: 'x'.repeat(81), where: 'index orders', message: 'retried (index orders holds a document too many, shown below)' },
    { kind: 'changed', id: 'x'.repeat(81), where: 'table out', message: 'retried (an item of table out differs, shown below)' },
  ] as const)('a $kind difference is told in the message', ({ kind, message, ...more }) => {
    const mine = attributed('idempotent-redelivery', 'retried', { kind, ...more });
    expect(judgeDifferences('idempotent-redelivery', evidence({ differences: [mine] }))).toEqual({ run: 'adversarial', expectedFrom: 'reference-run', message, differences: [mine] });
  });

  it('fails only on the differences attributed to the rule, all of them kept', () => {
    const other = attributed('per-key-ordering', 'reordered');
    const first = attributed('no-silent-loss', 'lost', { id: '["a"]' });
    const second = attributed('no-silent-loss', 'lost too', { id: '["b"]' });
    expect(judgeDifferences('idempotent-redelivery', evidence({ differences: [other] }))).toBeUndefined();
    const finding = judgeDifferences('no-silent-loss', evidence({ differences: [other, first, second] }));
    expect(finding!.message).toBe('lost (table out lacks ["a"])');
    expect(finding!.differences).toEqual([first, second]);
  });

  it('a message that is only stamped differently (a time, a random id) is told so, and the fix is ignoreFields for those fields', () => {
    const body = (sentAt: string) => ({ orderId: 'o-1', status: 'PAID', sentAt });
    const where = 'http POST https://hooks.partner.example/v1/events';
    const missing = attributed('no-silent-loss', 'lost', { kind: 'missing', where, id: 'x'.repeat(90), expected: body('2026-01-01T00:00:43.000Z'), actual: undefined });
    const extra = attributed('idempotent-redelivery', 'again', { kind: 'extra', where, id: 'y'.repeat(90), expected: undefined, actual: body('2026-01-01T00:00:43.400Z') });
    for (const [rule, mine] of [['no-silent-loss', missing], ['idempotent-redelivery', extra]] as const) {
      const finding = judgeDifferences(rule, evidence({ differences: [missing, extra] }))!;
      expect(finding.message).toMatch(/; it differs from what the run without faults wrote only in sentAt "2026-01-01T00:00:43\.000Z" expected, "2026-01-01T00:00:43\.400Z" actual\)$/);
      expect(finding.fix).toMatch(/^The effect differs between the runs only in sentAt, a time or random id the handler stamps as it writes.* list it in downstream\.ignoreFields \(\["sentAt"\]\)/);
      expect(finding.differences).toEqual([mine]);
    }
    // an item whose stamp changed, in DynamoDB JSON, and a UUID
    const item = (updatedAt: string, requestId: string) => ({ pk: { S: 'a' }, total: { N: '3' }, updatedAt: { S: updatedAt }, requestId: { S: requestId } });
    const changed = attributed('idempotent-redelivery', 'again', { kind: 'changed', expected: item('2026-01-01T00:00:01Z', '3b241101-e2bb-4255-8caf-4136c566a962'), actual: item('2026-01-01T00:00:05Z', '9a4e1d6c-2f0b-4c7e-8e43-5a1f0c2d7b10') });
    expect(judgeDifferences('idempotent-redelivery', evidence({ differences: [changed] }))!.fix).toMatch(/only in updatedAt, requestId,.*\["updatedAt", "requestId"\]/);
  });

  it('a difference in anything but stamps keeps the rule\'s own message and fix', () => {
    const where = 'sqs orders';
    const missing = attributed('no-silent-loss', 'lost', { kind: 'missing', where, expected: { status: 'PAID', at: '2026-01-01T00:00:01Z' }, actual: undefined });
    const extra = attributed('idempotent-redelivery', 'again', { kind: 'extra', where, expected: undefined, actual: { status: 'SHIPPED', at: '2026-01-01T00:00:02Z' } });
    const finding = judgeDifferences('no-silent-loss', evidence({ differences: [missing, extra] }))!;
    expect(finding.fix).toBeUndefined();
    expect(finding.message).not.toContain('differs from what the run without faults wrote only in');
    // a changed count is no stamp
    const counted = attributed('idempotent-redelivery', 'again', { kind: 'changed', expected: { pk: { S: 'a' }, count: { N: '1' } }, actual: { pk: { S: 'a' }, count: { N: '2' } } });
    expect(judgeDifferences('idempotent-redelivery', evidence({ differences: [counted] }))!.fix).toBeUndefined();
  });

  it.each([
    { context: { observable: false, compared: true }, skip: /^no observable downstream state/ },
    { context: { observable: true, compared: false }, skip: /^every reference run failed/ },
    { context: { observable: true, compared: true }, skip: undefined },
  ])('skip when $context', ({ context, skip }) => {
    const reason = differentialSkip(skipContext(context));
    if (skip === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(skip);
  });
});
