import { defineRule } from './rule.js';
import type { Difference } from '../src/core/difference.js';
import type { AttributionEvidence, CaseEvidence, Finding } from './evidence.js';
import { canonical } from '../src/core/canonical.js';
import { coldStartsBefore, coldStartsRun } from './support/cold-starts.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';
import { callsReordered, redelivered } from './support/landing-order.js';
import { skippedRetry } from './support/skipped-retry.js';

const NOTHING_REDELIVERED = 'no record was delivered twice, yet';

export const idempotentRedelivery = defineRule({
  id: 'idempotent-redelivery',
  meaning: 'ends in the same downstream state under at-least-once delivery (retries, partial-batch suffixes, bisected halves, duplicates, timeouts after partial work, cold starts) as under exactly-once delivery',
  production: 'Lambda delivers records more than once (retries, bisection, poller duplicates), so a non-idempotent effect is applied twice: counters drift, messages are sent again, rows are duplicated.',
  fix: {
    dynamodb: 'Make each effect idempotent: a conditional write on the record’s sequence number (stored left-padded to 40 digits as a string, or compared as BigInt), a dedup record in the same TransactWriteItems, or message deduplication ids derived from the record (eventID or sequence number), never from random values.',
    // a sequence number keeps a redelivery out, not a producer's retry (a new sequence number): producer-duplicates
    kinesis: 'Make each effect idempotent on a key taken from the record itself, the same on every delivery of it: a business key in the data (an event id), which also keeps a producer’s retry out, or the record’s own sequence number (compared as BigInt, or stored as a string left-padded to 129 digits, the most a Kinesis sequence number can have), in a conditional write, a dedup record in the same TransactWriteItems, or a message deduplication id; never a random value, and never the sequence number of another record of the batch.',
  },
  searchFix:
    'Search index: give each document an id built from the item\'s key (never `POST /{index}/_doc` with a generated id, which indexes a copy on every redelivery), write whole documents rather than scripted or partial updates, and version them externally so that a redelivered older change is refused with 409 (which is success) instead of overwriting a newer one.',
  judgedBy: 'differential state comparison (SPEC §6)',
  skip: differentialSkip,
  attributions: [{
    precedence: 7,
    /**
     * Whatever no more specific rule explains: an effect applied twice, lost or changed by
     * redelivery, or, where no record came twice, by a cold start (module state lost) or the
     * other faults of the run.
     */
    attribute(d, evidence) {
      if (!redelivered(d.keys.length === 0 ? undefined : d.keys, evidence.adv, evidence.advShards, evidence.source)) {
        const cold = coldStartsRun(evidence);
        const after = cold.length > 0 ? `after ${coldStartsBefore(cold)} (fresh module state)` : 'under the run\'s injected faults';
        return `${NOTHING_REDELIVERED} ${after} the handler left a different value than in a run without ${cold.length > 0 ? 'it' : 'them'}`;
      }
      // a redelivery whose concurrent writes of the key also completed out of issue order: an extra
      // item is then as likely a write that landed after a later delete as an effect applied twice
      if (evidence.faults.reorder && callsReordered(d.keys, evidence.adv, evidence.advShards, evidence.source)) {
        const left = d.kind === 'extra' ? 'an item that exactly-once delivery does not leave' : d.kind === 'missing' ? 'no item where exactly-once delivery leaves one' : 'a different value than exactly-once delivery';
        return `redelivered records, their concurrent writes completing in another order than issued, left ${left}`;
      }
      if (d.kind === 'extra') return 'an effect was applied more than once when records were delivered again';
      if (d.kind === 'missing') return sentUnderAnotherId(d, evidence) ?? passedOver(d, evidence) ?? 'an effect went missing when records were delivered more than once';
      return 'redelivered records left a different value than exactly-once delivery';
    },
  }],
  judgeCase: (evidence) => passedOverFix(coldStartFinding(judgeDifferences('idempotent-redelivery', evidence), evidence)),
});

/** A record whose write failed, passed over when it came again: the handler had marked it done. */
function passedOver(d: Difference, { adv, advShards, source }: AttributionEvidence): string | undefined {
  const skipped = skippedRetry(d.keys, adv, advShards, source);
  if (skipped === undefined) return undefined;
  const { record, what, failedIn, skippedIn } = skipped;
  return `record ${record} came again after its ${what} failed in invocation #${failedIn}, and on that delivery (invocation #${skippedIn}) the handler made no downstream call for it and reported success: it took the record for done, though its change was never made`;
}

/**
 * A message "missing" only by its deduplication id: the same body went to the same target under
 * another id (drawn at random, or from the attempt), so each delivery makes a message of its own.
 */
function sentUnderAnotherId(d: Difference, { adv }: AttributionEvidence): string | undefined {
  if (d.where.startsWith('table ') || d.where.startsWith('index ') || d.expected === undefined) return undefined;
  const same = adv.outbox.some((m) => `${m.service} ${m.target}` === d.where && m.id !== undefined && m.id !== d.id && canonical(parsed(m.body)) === canonical(d.expected));
  if (!same) return undefined;
  return 'a message went out under another deduplication id than in the run without faults: an id that changes from one delivery to the next (a random value) makes every redelivery a message of its own';
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** A record passed over on its retry: the fix is when the handler marks a record done, not idempotency. */
function passedOverFix(finding: Finding | undefined): Finding | undefined {
  if (finding === undefined || !/^record \S+ came again after its .* failed in invocation #\d+, and on that delivery/.test(finding.message)) return finding;
  return {
    ...finding,
    production: 'A record whose write failed is delivered again, and the handler passes over it as already done: its change is never made, with no error anywhere.',
    fix: 'Mark a record done only after its change was made: add it to a dedup set or cache, or complete its idempotency record, after the write succeeds; when the write fails, leave it unmarked (or remove the mark), so that the record\'s next delivery makes the change.',
  };
}

/**
 * Where a cold start, not a redelivery, made the difference, the handler keeps state between
 * invocations that changes what it writes: the production sentence and fix say so, not "make each
 * effect idempotent".
 */
function coldStartFinding(finding: Finding | undefined, evidence: CaseEvidence): Finding | undefined {
  if (finding === undefined || !finding.message.startsWith(NOTHING_REDELIVERED) || coldStartsRun(evidence).length === 0) return finding;
  const production = 'Lambda starts new execution environments at any time (scaling out, deployments, reclaiming idle ones), so state kept in module scope starts empty, and a handler whose writes depend on it writes differently before and after a cold start.';
  const stale = `a cache of items the stream changes goes stale (${fresher(evidence)})`;
  if (coldStartWasRight(finding, evidence)) {
    return {
      ...finding,
      message: `${finding.message}; the run with the cold start left what downstream.expect states, the run without it did not`,
      production,
      fix: `The state the handler keeps in module scope is what makes it wrong: the run that lost that state in the cold start left the expected value. Drop that state, or make it right: ${stale}, and a last-seen value or dedup set must let through every record that changes the item (a REMOVE included). Module scope is for clients and configuration.`,
    };
  }
  return {
    ...finding,
    production,
    fix: `Keep what the handler writes independent of module-scope state: ${stale}, and an in-memory counter, last-seen value or dedup set is lost on a cold start (keep it in a table, written with the effect in one TransactWriteItems). Module scope is for clients and configuration.`,
  };
}

/** The first difference is one the run without the cold start has from the stated expectation, and the run with it has not. */
function coldStartWasRight(finding: Finding, { expectation }: CaseEvidence): boolean {
  const first = finding.differences?.[0];
  if (first === undefined || expectation === undefined) return false;
  const same = (d: Difference) => d.where === first.where && d.id === first.id;
  return expectation.reference.some(same) && !expectation.adversarial.some(same);
}

/** Where the current value is, for this stream: its records' data or new image, else the table. */
function fresher({ source, advShards }: CaseEvidence): string {
  if (source === 'kinesis') return 'use the data of the record itself';
  const view = (advShards[0]?.records[0] as { dynamodb?: { StreamViewType?: string } } | undefined)?.dynamodb?.StreamViewType;
  return view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES' ? 'use the record\'s NewImage, or read the item again' : 'read the item again with a strongly consistent read';
}
