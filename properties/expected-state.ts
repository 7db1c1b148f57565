import type { Rule } from './rule.js';

export const expectedState: Rule = {
  id: 'expected-state',
  meaning: 'ends, after all records are delivered, with the downstream state the config says it should have (downstream.expect.mirror or downstream.expect.state)',
  production: 'The downstream silently diverges from the source (skipped records, a mishandled REMOVE) even when every record is delivered exactly once.',
  fix: 'Compare the failing keys below: check how the handler treats REMOVE and TTL deletions, MODIFY of an item never seen inserted, and the attributes it copies.',
  searchFix:
    "Search index: send each batch's changes as one ordered `_bulk` (never deletes and upserts regrouped), index MODIFY as a whole document (a partial `_update` keeps removed attributes and answers 404 document_missing_exception without `doc_as_upsert`), and build ids with a separator between key values.",
  judgedBy: 'reference and adversarial runs against the stated expectation',
  judgeCase({ expectation }) {
    if (expectation === undefined) return undefined;
    for (const [run, diffs] of [['reference', expectation.reference], ['adversarial', expectation.adversarial]] as const) {
      const first = diffs[0];
      if (first) return { run, message: `after the ${run} run, ${first.where} ${first.kind === 'missing' ? 'lacks' : first.kind === 'extra' ? 'holds an unexpected' : 'has a different'} ${first.id}`, differences: diffs };
    }
    return undefined;
  },
};
