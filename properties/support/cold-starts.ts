import type { AttributionEvidence } from '../evidence.js';

/**
 * The invocations (1-based, as counterexamples number them) that ran in a fresh execution
 * environment the schedule asked for. The first invocation always starts cold, so it is no fault.
 */
export function coldStartsRun({ adv, faults }: Pick<AttributionEvidence, 'adv' | 'faults'>): number[] {
  return faults.invocations
    .filter((f) => f.kind === 'cold-start' && f.invocation > 0 && f.invocation < adv.trace.invocations.length)
    .map((f) => f.invocation + 1)
    .sort((a, b) => a - b);
}

/** `a cold start before invocation #2`, `cold starts before invocations #2 and #4`. */
export function coldStartsBefore(invocations: number[]): string {
  const numbered = invocations.map((i) => `#${i}`);
  if (numbered.length === 1) return `a cold start before invocation ${numbered[0]}`;
  return `cold starts before invocations ${numbered.slice(0, -1).join(', ')} and ${numbered.at(-1)}`;
}
