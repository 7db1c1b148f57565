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
