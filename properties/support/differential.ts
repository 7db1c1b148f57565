import type { CaseEvidence, Finding, SkipContext } from '../evidence.js';

/** Differential rules fail on the differences attributed to them (SPEC §6). */
export function judgeDifferences(rule: string, evidence: CaseEvidence): Finding | undefined {
  const mine = (evidence.differences ?? []).filter((d) => d.rule === rule);
  const first = mine[0];
  if (first === undefined) return undefined;
  return {
    run: 'adversarial',
    message: `${first.reason} (${describe(first)})`,
    differences: mine,
  };
}

/**
 * A differential rule needs a reference run to compare with, and downstream state to compare. A
 * handler that failed every reference run has usually written nothing either: that failure is the
 * cause to name, not the declarations (which may well be there).
 */
export function differentialSkip({ observable, compared }: SkipContext): string | undefined {
  if (!compared) return 'every reference run failed, so redelivery could not be compared (see valid-record-robustness)';
  if (!observable) return 'no observable downstream state: the handler wrote nothing the suite can see (declare downstream.dynamodb.tables, downstream.search, downstream.http, or downstream.custom)';
  return undefined;
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
