import { batchResponseShape } from './batch-response-shape.js';
import { checkpointSafety } from './checkpoint-safety.js';
import { expectedState } from './expected-state.js';
import { idempotentRedelivery } from './idempotent-redelivery.js';
import { mappingConfig } from './mapping-config.js';
import { noSilentLoss } from './no-silent-loss.js';
import { perKeyOrdering } from './per-key-ordering.js';
import { producerDuplicates } from './producer-duplicates.js';
import { poisonPillIsolation } from './poison-pill-isolation.js';
import type { Attribution, Rule } from './rule.js';
import { validRecordRobustness } from './valid-record-robustness.js';

export { forSource, type Attribution, type PerSource, type Rule } from './rule.js';
export type { AttributionEvidence, Case, CaseEvidence, ClassifiedDifference, Finding, RuleDetails, SkipContext, StaticContext } from './evidence.js';
export { REPOSITORY_URL, ruleDocsFile, ruleDocsLocalPath, ruleDocsUrl } from './docs-url.js';

/** Every conformance rule of SPEC §2, in the order reports show them. Adding a rule: its module, here, its docs page, its table test. */
export const rules = [
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
] as const satisfies readonly Rule[];

export type RuleId = (typeof rules)[number]['id'];

export const ruleIds: readonly RuleId[] = rules.map((r) => r.id);

export function ruleById(id: RuleId): Rule<RuleId> {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}

/** Every rule's ways of explaining a difference, the most specific first. */
export const attributions: readonly (Attribution & { rule: RuleId })[] = rules
  .flatMap((rule: Rule<RuleId>) => (rule.attributions ?? []).map((a) => ({ ...a, rule: rule.id })))
  .sort((a, b) => a.precedence - b.precedence);
