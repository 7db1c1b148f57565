import { describe, expect, it } from 'vitest';
import { attributions } from '../../properties/index.js';
import { attributeDifferences } from '../../src/judge/attribute.js';
import { difference, evidence, failedPut, invocation, run } from '../properties/rule-tester.js';

describe('attributeDifferences: the most specific rule explains a difference', () => {
  it('asks the rules by precedence, the catch-all last', () => {
    expect(attributions.map((a) => a.rule)).toEqual(['no-silent-loss', 'no-silent-loss', 'checkpoint-safety', 'per-key-ordering', 'per-key-ordering', 'idempotent-redelivery']);
  });

  it('puts a loss after an unreported failure under no-silent-loss, not under redelivery', () => {
    // the batch was delivered twice: a first attempt that failed, then its retry
    const e = evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error' }), invocation({ attempt: 2, reason: 'retry' })], calls: [failedPut('a', { invocation: 1 })] }) });
    const [lost, twice] = attributeDifferences([difference(), difference({ kind: 'extra' })], e);
    expect(lost).toMatchObject({ rule: 'no-silent-loss', kind: 'missing' });
    expect(twice).toMatchObject({ rule: 'idempotent-redelivery', reason: 'an effect was applied more than once when records were delivered again' });
  });
});
