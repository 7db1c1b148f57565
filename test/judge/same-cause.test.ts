import { describe, expect, it } from 'vitest';
import { expectedState } from '../../properties/expected-state.js';
import type { Difference } from '../../src/judge/differences.js';
import type { CaseEvidence, ClassifiedDifference } from '../../src/judge/evidence.js';

const diff = (keys: string[]): Difference => ({ kind: 'changed', where: 'table replica', id: '[{"S":"a"}]', expected: { v: 2 }, actual: { v: 1 }, keys });
const classified = (rule: ClassifiedDifference['rule'], keys: string[]): ClassifiedDifference => ({ ...diff(keys), rule, reason: 'an older image overwrote a newer one' });
const evidence = (expectation: CaseEvidence['expectation'], differences: ClassifiedDifference[] | undefined) => ({ expectation, differences }) as CaseEvidence;

describe('expected-state names a cause another rule already reports', () => {
  it('met in the reference run, missed in the adversarial one on keys per-key-ordering explains: same cause', () => {
    const finding = expectedState.judgeCase!(evidence({ reference: [], adversarial: [diff(['pk=a'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding).toMatchObject({ run: 'adversarial', sameCauseAs: 'per-key-ordering' });
    expect(finding!.message).toMatch(/^same cause as per-key-ordering: after the adversarial run, table replica has a different/);
  });

  it('a key no other rule explains keeps the finding its own', () => {
    const finding = expectedState.judgeCase!(evidence({ reference: [], adversarial: [diff(['pk=a']), diff(['pk=b'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding?.sameCauseAs).toBeUndefined();
  });

  it('missed in the reference run (exactly-once delivery): always its own finding', () => {
    const finding = expectedState.judgeCase!(evidence({ reference: [diff(['pk=a'])], adversarial: [diff(['pk=a'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding).toMatchObject({ run: 'reference' });
    expect(finding?.sameCauseAs).toBeUndefined();
  });
});
