import type { CaseEvidence, Finding, SkipContext } from '../evidence.js';
import { stampedFields, stampedFix, stampedNote } from './stamped-fields.js';

/** Differential rules fail on the differences attributed to them (SPEC §6). */
export function judgeDifferences(rule: string, evidence: CaseEvidence): Finding | undefined {
  const mine = (evidence.differences ?? []).filter((d) => d.rule === rule);
  const first = mine[0];
  if (first === undefined) return undefined;
  const store = idempotencyStore(first);
  const stamped = store === undefined ? stampedFields(first, evidence.differences ?? []) : undefined;
  const fix = store !== undefined ? idempotencyStoreFix(store) : stamped !== undefined ? stampedFix(stamped) : undefined;
  return {
    run: 'adversarial',
    expectedFrom: 'reference-run',
    message: `${first.reason} (${describe(first)}${stamped ? `; ${stampedNote(stamped)}` : ''})`,
    differences: mine,
    ...(fix !== undefined && { fix }),
  };
}

const idempotencyStatuses = new Set(['INPROGRESS', 'COMPLETED', 'EXPIRED']);

/**
 * The table of a difference whose items look like Powertools Idempotency's records (a `status` of
 * INPROGRESS, COMPLETED or EXPIRED, and an `expiration`): the handler's bookkeeping, not the effect.
 */
function idempotencyStore(d: { where: string; expected: unknown; actual: unknown }): string | undefined {
  if (!d.where.startsWith('table ')) return undefined;
  const looksLike = (item: unknown) => {
    if (typeof item !== 'object' || item === null) return false;
    const { status, expiration } = item as Record<string, unknown>;
    const text = typeof status === 'object' && status !== null ? (status as { S?: unknown }).S : status;
    return typeof text === 'string' && idempotencyStatuses.has(text) && expiration !== undefined;
  };
  return looksLike(d.expected) || looksLike(d.actual) ? d.where.slice('table '.length) : undefined;
}

function idempotencyStoreFix(table: string): string {
  return `Table ${table} holds idempotency records (Powertools Idempotency's shape: status, expiration): they say when and whether each record was processed, which differs between runs by design (a retry stores later times; a record given up on stays INPROGRESS). If the handler keeps them only to guard its effects, list the table in downstream.ignoreTables (["${table}"]): the effects it guards are still compared.`;
}

/**
 * A differential rule needs a reference run to compare with, and downstream state to compare. A
 * handler that failed every reference run has usually written nothing either: that failure is the
 * cause to name, not the declarations (which may well be there).
 */
export function differentialSkip({ observable, compared, declared, called, itemsDescribed }: SkipContext): string | undefined {
  if (!compared) return 'every reference run failed, so redelivery could not be compared (see valid-record-robustness)';
  if (!observable && called === false && itemsDescribed === false) {
    // a handler that acts on some items only (a field it checks, a status) may never have met one
    return `no observable downstream state: the handler made no downstream call at all, and the config does not describe the items (if it acts only on some, describe them in items: samples, or attributes with required: true); ${unobserved(declared)}`;
  }
  if (!observable) return `no observable downstream state: ${unobserved(declared)}`;
  return undefined;
}

/** What the config already lets the suite see, and what else could be declared. */
function unobserved(declared: SkipContext['declared']): string {
  const missing = [
    ...(declared?.tables.length ? [] : ['downstream.dynamodb.tables']),
    ...(declared?.search ? [] : ['downstream.search']),
    ...(declared?.http ? [] : ['downstream.http']),
    ...(declared?.custom ? [] : ['downstream.custom']),
  ];
  const list = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} or ${missing.at(-1)}` : missing[0];
  if (!declared?.tables.length) return `the handler wrote nothing the suite can see (declare ${list} for what it writes)`;
  const tables = `the handler left the declared table${declared.tables.length > 1 ? 's' : ''} ${declared.tables.join(', ')} as ${declared.tables.length > 1 ? 'they' : 'it'} started and sent no message`;
  return missing.length === 0 ? tables : `${tables}; declare ${list} for what else it writes`;
}

/** Longer identities (a message's JSON) are left to the counterexample. */
const MAX_ID_IN_MESSAGE = 80;

function describe(d: { kind: string; where: string; id: string }): string {
  // a message's identity is its whole JSON: the counterexample shows it, the sentence names it
  const long = d.id.length > MAX_ID_IN_MESSAGE;
  const entry = d.where.startsWith('table ') ? 'an item' : d.where.startsWith('index ') ? 'a document' : 'a message';
  switch (d.kind) {
    case 'missing':
      return long ? `${d.where} lacks ${entry}, shown below` : `${d.where} lacks ${d.id}`;
    case 'extra':
      return long ? `${d.where} holds ${entry} too many, shown below` : `${d.where} holds an extra ${d.id}`;
    case 'changed':
      return long ? `${entry} of ${d.where} differs, shown below` : `${d.where} ${d.id} differs`;
    case 'order':
      return `messages for ${JSON.stringify(d.id)} were emitted in another order`;
    default:
      return `${d.where} differs`;
  }
}
