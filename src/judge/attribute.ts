import { attributions, type AttributionEvidence, type ClassifiedDifference } from '../../properties/index.js';
import type { Difference } from '../core/difference.js';

/**
 * Puts each difference under the rule whose breach explains it (SPEC §6): every rule's ways of
 * explaining a difference are asked in order of precedence, and the first to give a reason takes it.
 */
export function attributeDifferences(diffs: Difference[], evidence: AttributionEvidence): ClassifiedDifference[] {
  return diffs.map((d) => {
    for (const { rule, attribute } of attributions) {
      const reason = attribute(d, evidence);
      if (reason !== undefined) return { ...d, rule, reason };
    }
    // idempotent-redelivery explains whatever the others do not
    throw new Error(`no rule explains the difference at ${d.where} ${d.id}`);
  });
}
