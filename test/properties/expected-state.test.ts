import { expectedState } from '../../properties/expected-state.js';
import { difference, evidence, skipContext, testRule } from './rule-tester.js';
import { describe, expect, it } from 'vitest';
import type { Difference } from '../../src/judge/differences.js';
import type { CaseEvidence, ClassifiedDifference } from '../../properties/evidence.js';

testRule(expectedState, {
  valid: [
    { name: 'no expectation configured', input: evidence() },
    { name: 'both runs end with the expected tables', input: evidence({ expectation: { reference: [], adversarial: [] } }) },
  ],
  invalid: [
    {
      name: 'the reference run lacks an expected item',
      input: evidence({ expectation: { reference: [difference()], adversarial: [] } }),
      message: /^after the reference run, table out lacks \["a"\]$/,
    },
    {
      name: 'the adversarial run holds an unexpected item',
      input: evidence({ expectation: { reference: [], adversarial: [difference({ kind: 'extra' })] } }),
      message: /^after the adversarial run, table out holds an unexpected \["a"\]$/,
    },
  ],
  skips: [
    { name: 'no expectation', input: skipContext(), reason: /^no expectation configured: set downstream\.expect\.mirror or downstream\.expect\.state$/ },
    { name: 'a mirror of a Kinesis stream', input: skipContext({ source: 'kinesis', expects: { mirror: true, state: false } }), reason: /needs a DynamoDB source table; use downstream\.expect\.state$/ },
    { name: 'a stated expectation on Kinesis', input: skipContext({ source: 'kinesis', expects: { mirror: false, state: true } }), reason: undefined },
    { name: 'a mirror of a DynamoDB table', input: skipContext({ expects: { mirror: true, state: false } }), reason: undefined },
  ],
});

const diff = (keys: string[]): Difference => ({ kind: 'changed', where: 'table replica', id: '[{"S":"a"}]', expected: { v: 2 }, actual: { v: 1 }, keys });
const classified = (rule: ClassifiedDifference['rule'], keys: string[]): ClassifiedDifference => ({ ...diff(keys), rule, reason: 'an older image overwrote a newer one' });
const caseEvidence = (expectation: CaseEvidence['expectation'], differences: ClassifiedDifference[] | undefined) => ({ expectation, differences }) as CaseEvidence;

describe('expected-state names a cause another rule already reports', () => {
  it('met in the reference run, missed in the adversarial one on keys per-key-ordering explains: same cause', () => {
    const finding = expectedState.judgeCase!(caseEvidence({ reference: [], adversarial: [diff(['pk=a'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding).toMatchObject({ run: 'adversarial', sameCauseAs: 'per-key-ordering' });
    expect(finding!.message).toMatch(/^same cause as per-key-ordering: after the adversarial run, table replica has a different/);
  });

  it('a key no other rule explains keeps the finding its own', () => {
    const finding = expectedState.judgeCase!(caseEvidence({ reference: [], adversarial: [diff(['pk=a']), diff(['pk=b'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding?.sameCauseAs).toBeUndefined();
  });

  it('missed in the reference run (exactly-once delivery): always its own finding', () => {
    const finding = expectedState.judgeCase!(caseEvidence({ reference: [diff(['pk=a'])], adversarial: [diff(['pk=a'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding).toMatchObject({ run: 'reference' });
    expect(finding?.sameCauseAs).toBeUndefined();
  });
});
