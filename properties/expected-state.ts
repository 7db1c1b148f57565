import { defineRule } from './rule.js';

export const expectedState = defineRule({
  id: 'expected-state',
  meaning: 'ends, after all records are delivered, with the downstream state the config says it should have (downstream.expect.mirror or downstream.expect.state)',
  production: 'The downstream silently diverges from the source (skipped records, a mishandled REMOVE) even when every record is delivered exactly once.',
  fix: 'Compare the failing keys below: check how the handler treats REMOVE and TTL deletions, MODIFY of an item never seen inserted, and the attributes it copies.',
  judgedBy: 'reference and adversarial runs against the stated expectation',
  skip({ expects, source }) {
    if (!expects.mirror && !expects.state) return 'no expectation configured: set downstream.expect.mirror or downstream.expect.state';
    if (expects.mirror && source === 'kinesis') return 'downstream.expect.mirror needs a DynamoDB source table; use downstream.expect.state';
    return undefined;
  },
  judgeCase({ expectation }) {
    if (expectation === undefined) return undefined;
    for (const [run, diffs] of [['reference', expectation.reference], ['adversarial', expectation.adversarial]] as const) {
      const first = diffs[0];
      if (first) return { run, message: `after the ${run} run, ${first.where} ${first.kind === 'missing' ? 'lacks' : first.kind === 'extra' ? 'holds an unexpected' : 'has a different'} ${first.id}`, differences: diffs };
    }
    return undefined;
  },
});
