import type { RuleId } from '../src/config/types.js';
import { batchResponseShape } from './batch-response-shape.js';
import { checkpointSafety } from './checkpoint-safety.js';
import { expectedState } from './expected-state.js';
import { idempotentRedelivery } from './idempotent-redelivery.js';
import { mappingConfig } from './mapping-config.js';
import { noSilentLoss } from './no-silent-loss.js';
import { perKeyOrdering } from './per-key-ordering.js';
import { producerDuplicates } from './producer-duplicates.js';
import { poisonPillIsolation } from './poison-pill-isolation.js';
import type { Rule } from './rule.js';
import { validRecordRobustness } from './valid-record-robustness.js';

export type { Rule } from './rule.js';

/** Every conformance rule of SPEC §2, in the order reports show them. */
export const rules: readonly Rule[] = [
  batchResponseShape,
  noSilentLoss,
  checkpointSafety,
  idempotentRedelivery,
  producerDuplicates,
  perKeyOrdering,
  validRecordRobustness,
  poisonPillIsolation,
  expectedState,
  mappingConfig,
];

export function ruleById(id: RuleId): Rule {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
