import type { Difference } from '../src/judge/differences.js';
import type { ClassifiedDifference } from '../src/judge/evidence.js';
import type { Rule } from './rule.js';

/**
 * The reference run met the expectation and the adversarial one did not: when the differential
 * comparison already puts every failing key under another rule, that rule's breach is the cause.
 */
function sharedCause(diffs: Difference[], classified: ClassifiedDifference[]): ClassifiedDifference | undefined {
  const causes = diffs.map((d) => classified.find((c) => c.rule !== 'expected-state' && c.keys.some((k) => d.keys.includes(k))));
  return causes.every((c) => c !== undefined) ? causes[0] : undefined;
}

export const expectedState: Rule = {
  id: 'expected-state',
  meaning: 'ends, after all records are delivered, with the downstream state the config says it should have (downstream.expect.mirror or downstream.expect.state)',
  production: {
    dynamodb: 'The downstream silently diverges from the source (skipped records, a mishandled REMOVE) even when every record is delivered exactly once.',
    kinesis: 'The downstream silently diverges from the stream (skipped records, a payload read wrongly) even when every record is delivered exactly once.',
  },
  fix: {
    dynamodb: 'Compare the failing keys below: check how the handler treats REMOVE and TTL deletions, MODIFY of an item never seen inserted, and the attributes it copies.',
    kinesis: 'Compare the failing keys below: check how the handler decodes each record’s base64 data, which payload fields it copies, and whether it skips any record.',
  },
  judgedBy: 'reference and adversarial runs against the stated expectation',
  judgeCase({ expectation, differences }) {
    if (expectation === undefined) return undefined;
    for (const [run, diffs] of [['reference', expectation.reference], ['adversarial', expectation.adversarial]] as const) {
      const first = diffs[0];
      if (!first) continue;
      const message = `after the ${run} run, ${first.where} ${first.kind === 'missing' ? 'lacks' : first.kind === 'extra' ? 'holds an unexpected' : 'has a different'} ${first.id}`;
      const cause = run === 'adversarial' ? sharedCause(diffs, differences ?? []) : undefined;
      if (cause) return { run, message: `same cause as ${cause.rule}: ${message}, because ${cause.reason}`, differences: diffs, sameCauseAs: cause.rule };
      return { run, message, differences: diffs };
    }
    return undefined;
  },
};
