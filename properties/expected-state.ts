import type { Difference } from '../src/core/difference.js';
import type { ClassifiedDifference, Finding } from './evidence.js';
import type { Source } from '../src/core/source.js';
import { defineRule, forSource, type PerSource } from './rule.js';
import { filteredRecords, type FilteredRecord } from './support/filtered-records.js';

/**
 * The reference run met the expectation and the adversarial one did not: when the differential
 * comparison already puts every failing key under another rule, that rule's breach is the cause.
 */
function sharedCause(diffs: Difference[], classified: ClassifiedDifference[]): ClassifiedDifference | undefined {
  const causes = diffs.map((d) => classified.find((c) => c.rule !== 'expected-state' && c.keys.some((k) => d.keys.includes(k))));
  return causes.every((c) => c !== undefined) ? causes[0] : undefined;
}

const HANDLER_FIX: PerSource = {
  dynamodb: 'Compare the failing keys below: check how the handler treats REMOVE and TTL deletions, MODIFY of an item never seen inserted, and the attributes it copies.',
  kinesis: 'Compare the failing keys below: check how the handler decodes each record’s base64 data, which payload fields it copies, and whether it skips any record.',
};

export const expectedState = defineRule({
  id: 'expected-state',
  meaning: 'ends, after all records are delivered, with the downstream state the config says it should have (downstream.expect.mirror or downstream.expect.state)',
  production: {
    dynamodb: 'The downstream silently diverges from the source (skipped records, a mishandled REMOVE) even when every record is delivered exactly once.',
    kinesis: 'The downstream silently diverges from the stream (skipped records, a payload read wrongly) even when every record is delivered exactly once.',
  },
  fix: HANDLER_FIX,
  searchFix:
    "Search index: send each batch's changes as one ordered `_bulk` (never deletes and upserts regrouped), index MODIFY as a whole document (a partial `_update` keeps removed attributes and answers 404 document_missing_exception without `doc_as_upsert`), and build ids with a separator between key values.",
  judgedBy: 'reference and adversarial runs against the stated expectation',
  skip({ expects, source, declared }) {
    // expectations state tables (mirror: a table or a search index): messages and requests have none
    if (!expects.mirror && !expects.state && declared !== undefined && declared.tables.length === 0 && !declared.search) {
      return 'not applicable: it compares declared tables or search indexes with a stated expectation, and this consumer declares neither (what it sends is judged by the differential rules)';
    }
    if (!expects.mirror && !expects.state) {
      // a mirror copies a source table, which a Kinesis stream does not have
      return source === 'kinesis'
        ? 'no expectation configured: set downstream.expect.state, a function of the records (in a conformance.config.ts or .js)'
        : 'no expectation configured: set downstream.expect.mirror, or downstream.expect.state (a function, in a conformance.config.ts or .js)';
    }
    if (expects.mirror && source === 'kinesis') return 'downstream.expect.mirror needs a DynamoDB source table; use downstream.expect.state';
    return undefined;
  },
  judgeCase(evidence) {
    const { expectation, differences } = evidence;
    if (expectation === undefined) return undefined;
    for (const [run, diffs] of [['reference', expectation.reference], ['adversarial', expectation.adversarial]] as const) {
      const first = diffs[0];
      if (!first) continue;
      const entry = first.where.startsWith('table ') ? 'item' : first.where.startsWith('index ') ? 'document' : 'message';
      const message = `after the ${run} run, ${first.where} ${first.kind === 'missing' ? 'lacks' : first.kind === 'extra' ? 'holds an unexpected' : `has a different ${entry}`} ${first.id}`;
      const cause = run === 'adversarial' ? sharedCause(diffs, differences ?? []) : undefined;
      if (cause) return { run, message: `same cause as ${cause.rule}: ${message}, because ${cause.reason}`, differences: diffs, sameCauseAs: cause.rule };
      const dropped = filteredRecords(evidence, new Set(diffs.flatMap((d) => d.keys)));
      if (dropped.length > 0) return { run, ...filteredFinding(message, first, diffs, dropped, expectation.by, evidence.source), differences: diffs };
      return { run, message, differences: diffs };
    }
    return undefined;
  },
});

/**
 * The failing keys lost records to the mapping's filter: no handler could have applied them, so
 * the finding names the filter (and the expectation it contradicts), not the handler.
 */
function filteredFinding(message: string, first: Difference, diffs: Difference[], dropped: FilteredRecord[], by: 'mirror' | 'state', source: Source): Pick<Finding, 'message' | 'production' | 'fix'> {
  const own = dropped.filter((r) => first.keys.includes(r.key));
  const lacks = dropped.find((r) => r.lacks !== undefined)?.lacks;
  const clause = own.length > 0 ? `: the mapping's FilterCriteria dropped that key's ${counted(own)}, so the handler never received ${own.length === 1 ? 'it' : 'them'}${lackingClause(own)}` : '';
  const keys = new Set(dropped.map((r) => r.key));
  const others = diffs.some((d) => !d.keys.some((k) => keys.has(k)));
  const what = source === 'kinesis' ? 'the stream' : 'the source table';
  const intended = by === 'mirror'
    ? `if dropping them is intended, the downstream is not a mirror of ${what}: replace downstream.expect.mirror with downstream.expect.state, a function (in a conformance.config.ts or .js) which receives every record and can leave out the ones the filter drops`
    : 'if dropping them is intended, make downstream.expect.state leave them out (it receives every record, the dropped ones included)';
  return {
    message: `${message}${clause}`,
    production: `The downstream never reflects the records the filter drops (here ${changes(dropped)}), so it stays apart from ${what} for good.`,
    fix: [
      `Records of the failing keys never reached the handler: the mapping's FilterCriteria dropped ${changes(dropped)} (${[...keys].slice(0, 3).join(', ')}${keys.size > 3 ? ', …' : ''}). A dropped record reaches neither the function nor a destination, so no handler can apply it.`,
      ...(lacks === undefined ? [] : [absentFieldFix(lacks)]),
      `If the downstream must reflect these records, let the filter pass them; ${intended}.`,
      ...(others ? [`For the other failing keys: ${forSource(HANDLER_FIX, source)}`] : []),
    ].join(' '),
  };
}

/** `: they have no userIdentity.principalId, …` (or which of them), when lacking a field the filter negates is why records were dropped. */
function lackingClause(own: FilteredRecord[]): string {
  const lacking = own.filter((r) => r.lacks !== undefined);
  if (lacking.length === 0) return '';
  const field = lacking[0]!.lacks!.field.join('.');
  const who = lacking.length === own.length
    ? (own.length === 1 ? 'it has' : 'they have')
    : `${lacking.length === 1 ? 'the ' : ''}${counted(lacking)} ${lacking.length === 1 ? 'has' : 'have'}`;
  return `: ${who} no ${field}, and a filter pattern matches only records that have the fields it names, \`anything-but\` included`;
}

/**
 * A pattern naming a field never matches a record without it, `anything-but` included: user and
 * application writes carry no userIdentity, only TTL deletions do (DynamoDB Developer Guide, "Time
 * to Live: streams"). Filters are ORed, so one more filter lets records without the field through.
 */
function absentFieldFix({ field, without }: NonNullable<FilteredRecord['lacks']>): string {
  const who = field[0] === 'userIdentity' ? ' Only TTL deletions carry userIdentity; writes by users and applications have none.' : '';
  return `A pattern on ${field.join('.')} never matches a record without it, whatever the operator.${who} To let such records through, add the same filter for records without it: ${JSON.stringify({ Pattern: without })}.`;
}

/** `the REMOVE record written by TTL expiry`, `a record` (Kinesis), or counted as below. */
function changes(records: FilteredRecord[]): string {
  if (records.length > 1) return counted(records);
  return records[0]!.change === 'record' ? 'a record' : `the ${records[0]!.change}`;
}

/** `REMOVE record written by TTL expiry`, `2 MODIFY records, 1 INSERT record`, `3 records` (Kinesis). */
function counted(records: FilteredRecord[]): string {
  if (records.length === 1) return records[0]!.change;
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.change, (counts.get(r.change) ?? 0) + 1);
  return [...counts].map(([change, n]) => `${n} ${n === 1 ? change : change.replace(/record/, 'records')}`).join(', ');
}
