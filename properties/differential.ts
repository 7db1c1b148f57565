import type { RuleId } from '../src/config/types.js';
import type { CaseEvidence, Finding } from '../src/judge/evidence.js';

/** Differential rules fail on the differences classified under them (SPEC §6). */
export function judgeDifferences(rule: RuleId, evidence: CaseEvidence): Finding | undefined {
  const mine = (evidence.differences ?? []).filter((d) => d.rule === rule);
  const first = mine[0];
  if (first === undefined) return undefined;
  return {
    run: 'adversarial',
    message: `${first.reason} (${describe(first)})`,
    differences: mine,
  };
}

function describe(d: { kind: string; where: string; id: string }): string {
  switch (d.kind) {
    case 'missing':
      return `${d.where} lacks ${d.id}`;
    case 'extra':
      return `${d.where} holds an extra ${d.id}`;
    case 'changed':
      return `${d.where} ${d.id} differs`;
    case 'order':
      return `messages for ${d.id} were emitted in another order`;
    default:
      return `${d.where} differs`;
  }
}
