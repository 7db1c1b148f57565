import type { HarnessRun } from '../src/harness/index.js';
import type { Mapping } from '../src/model/mapping.js';
import type { InvocationRecord } from '../src/model/types.js';
import type { Finding } from './evidence.js';
import { withSettings } from '../src/simulate.js';
import { defineRule } from './rule.js';
import { acknowledgedRecords } from './support/acknowledged.js';
import { judgedShardId, keyedRecord } from './support/keyed-record.js';
import { conflictTakenForFailure } from './support/conflict-failure.js';

/** How many consecutive batches the warm run delivers, and how many records a batch holds at most. */
const warmBatches = 12;
const warmBatchSize = 25;
const t0 = Date.UTC(2026, 0, 1);

export const validRecordRobustness = defineRule({
  id: 'valid-record-robustness',
  meaning: 'processes every valid record without failing when nothing is faulty (REMOVE without NewImage, TTL deletions, every attribute type, large items, a redelivered change a search index already holds a newer version of), also in an execution environment kept warm for many batches',
  production: {
    dynamodb: 'A record that is valid but unexpected (a REMOVE, a TTL deletion, a set or a 38-digit number) fails every time, so it is retried until it is discarded or expires while its shard stalls.',
    kinesis: 'A record that is valid but unexpected (a payload of another shape, unicode, a large record) fails every time, so it is retried until it is discarded or expires while its shard stalls.',
  },
  fix: {
    dynamodb: 'Handle every event name and the images your StreamViewType really carries: REMOVE has no NewImage, MODIFY may follow no INSERT, numbers can exceed Number.MAX_SAFE_INTEGER (unmarshall with wrapNumbers or keep them as strings).',
    kinesis: 'Decode kinesis.data from base64 before parsing it (Buffer.from(data, "base64")), and handle every payload your producers write: optional fields missing, unicode, large records.',
  },
  searchFix:
    'Search index: an external `version` must fit a signed 64-bit integer, and a sequence number (DynamoDB: 21 to 40 digits, Kinesis: 56) does not: derive the version from the record\'s creation or arrival time (DynamoDB ApproximateCreationDateTime, Kinesis approximateArrivalTimestamp) with `version_type=external_gte`, or keep a version attribute in the item. A 409 version_conflict_engine_exception on an external version means the index already holds that version or a newer one: treat it as success.',
  judgedBy: `reference runs with no faults; in adversarial runs, invocations that failed with no fault when a search engine refused a redelivered write with 409; and one run with no faults, made before the cases, of ${warmBatches} consecutive batches (of at most ${warmBatchSize} records, each delivered once) served by one warm execution environment, as Lambda keeps it between invocations: an invocation that runs out of function.MemorySize (Runtime.OutOfMemory) or otherwise ends the environment fails (a failing case wins, with its counterexample; running out of memory there stops the cases, and the other case rules say so)`,
  // a function that runs out of memory in a warm environment is found in seconds, before cases that would each pay for its allocations
  judgeOnceFirst: true,
  judgeCase({ ref, adv, mapping }) {
    return failedWithoutFaults(ref, mapping) ?? conflictFailure(adv, mapping);
  },
  async judgeOnce(context) {
    if (!context.runClean) return undefined;
    const { mapping, source } = context;
    // at most warmBatchSize records a batch: enough invocations for memory kept per invocation to add up, without a long run
    const batchSize = Math.min(mapping.BatchSize, warmBatchSize);
    const records = Array.from({ length: batchSize * warmBatches }, (_, i) => keyedRecord(source, context.keyRecord, `warm-${i}`, i, t0 / 1000, String(10n ** 20n + BigInt(i))));
    const warm = withSettings(mapping, {
      BatchSize: batchSize,
      // from the first record: a timestamp start would skip them
      StartingPosition: mapping.StartingPosition === 'AT_TIMESTAMP' ? 'TRIM_HORIZON' : mapping.StartingPosition,
      StartingPositionTimestamp: undefined,
      // each batch delivered once: a batch that fails another way is the cases' to judge, and its retries (a hang's above all) would only cost time
      MaximumRetryAttempts: 0,
      BisectBatchOnFunctionError: false,
    });
    // what comes after the first environment that ended would not change the finding
    const run = await context.runClean([{ shardId: judgedShardId(source, 2), records }], warm, endsEnvironment);
    return endedWarmEnvironment(run, { mapping, batchSize, memorySizeMb: context.memorySizeMb });
  },
});

/** Errors that end the execution environment (the next invocation is a cold start), as the harness names them. */
const environmentEnding = /^Runtime\.(OutOfMemory|ExitError|UncaughtException|UnhandledPromiseRejection)\b/;

const endsEnvironment = (i: InvocationRecord) => i.outcome === 'function-error' && i.thrown === undefined && environmentEnding.test(i.error ?? '');

/**
 * The first invocation of the warm run that ended its execution environment: with no faults, only
 * what the handler keeps from one invocation to the next (module state) can make a later
 * invocation end it when the first ones did not.
 */
function endedWarmEnvironment(run: HarnessRun, warm: { mapping: Mapping; batchSize: number; memorySizeMb: number }): Finding | undefined {
  const invocations = run.trace.invocations;
  const index = invocations.findIndex(endsEnvironment);
  if (index < 0) return undefined;
  const invocation = invocations[index]!;
  const { mapping, batchSize, memorySizeMb } = warm;
  const smaller = batchSize < mapping.BatchSize ? `, fewer than BatchSize ${mapping.BatchSize} as at low traffic` : '';
  const where = `in one warm execution environment serving ${warmBatches} consecutive batches of up to ${batchSize} record(s) with no faults${smaller}, the handler's invocation #${index + 1}`;
  const restart = `the batch in flight fails and ${afterFailure(mapping)}, and the next batch waits for a cold start`;
  if (invocation.error!.startsWith('Runtime.OutOfMemory')) {
    // the figure measured, when it shows the excess (rounded to the MB, it may not)
    const used = Number(/used (\d+) MB/.exec(invocation.error!)?.[1] ?? 0);
    const kept = index > 0
      ? `after ${index} earlier invocation(s) in it: it keeps memory across invocations (module state) that a fresh environment does not hold`
      : 'its first: one batch needs more than that';
    return {
      run: 'reference',
      invocation,
      message: `${where} ran out of its ${memorySizeMb} MB (function.MemorySize${used > memorySizeMb ? `; it used ${used} MB` : ''}): Runtime.OutOfMemory, ${kept}`,
      production: `Lambda keeps an execution environment warm for many invocations (often hours), so in production this function runs out of memory every few batches (Runtime.OutOfMemory): each time, ${restart}.`,
      // memory kept across invocations: every case would pay for the growth; one batch too big is found by the first case, with a counterexample
      ...(index > 0 && { stopsCases: `the function runs out of its ${memorySizeMb} MB (function.MemorySize) in a warm execution environment` }),
      fix: 'Bound what the module keeps between invocations: a cache with a maximum number of entries (an LRU) or a time to live, nothing that grows with every record or invocation (arrays, Maps, listeners, clients made per invocation). Raise function.MemorySize only for memory that stops growing; process.memoryUsage() logged at the end of each invocation shows the growth.',
    };
  }
  return {
    run: 'reference',
    invocation,
    message: `${where} ended the environment (${invocation.error})`,
    production: `Lambda keeps an execution environment warm for many invocations: in production the environment ends the same way after as many invocations, and each time ${restart}.`,
    fix: 'Keep the execution environment alive whatever it has served: never call process.exit, catch every error and rejection (timers and callbacks included), and bound the state the module keeps between invocations.',
  };
}

/** What becomes of a batch whose invocation failed, under this mapping. */
function afterFailure(mapping: Mapping): string {
  if (!mapping.BisectBatchOnFunctionError && mapping.MaximumRetryAttempts === 0) return `is not retried (MaximumRetryAttempts 0): ${fate(mapping)}`;
  return `is ${mapping.BisectBatchOnFunctionError ? 'split and ' : ''}retried (what it had already written is written again)`;
}

function failedWithoutFaults(ref: HarnessRun, mapping: Mapping): Finding | undefined {
  const invocation = ref.trace.invocations.find((i, index) => i.outcome !== 'success' && !deferred(ref.trace.invocations, index));
  if (!invocation) return undefined;
  const what = invocation.outcome === 'partial'
    ? `reported record ${invocation.sequenceNumbers[invocation.failureIndex!]} as failed`
    : `failed (${invocation.outcome}${invocation.error ? `: ${invocation.error}` : ''})`;
  const refused = refusedCall(ref, ref.trace.invocations.indexOf(invocation));
  const waited = invocation.outcome === 'timeout' ? timedOutWaiting(invocation.error ?? '', mapping) : undefined;
  return {
    run: 'reference', invocation, message: `with no faults at all, the handler ${what} on a batch of ${invocation.sequenceNumbers.length} valid record(s)`,
    ...(refused !== undefined ? { fix: refusedFix(refused, invocation.error) } : waited),
  };
}

/**
 * A partial response whose reported records all succeeded when they came again, with no faults:
 * the handler put them off (it stopped early as its time ran short, say, and reported the rest in
 * batchItemFailures) rather than failing them. Progress resets the retry budget (esm-semantics R39),
 * so nothing is lost; a record that fails every time is never followed by its success.
 */
function deferred(invocations: readonly InvocationRecord[], index: number): boolean {
  const invocation = invocations[index]!;
  if (invocation.outcome !== 'partial') return false;
  const later = invocations.slice(index + 1).filter((i) => i.shardId === invocation.shardId);
  const done = (seq: string) => later.some((i) => acknowledgedRecords(i).includes(seq));
  return invocation.sequenceNumbers.slice(invocation.failureIndex).every(done);
}

/**
 * A timeout that comes from how the handler waits rather than from its records: its own text and
 * fix (a record-handling fix would send the user looking in the wrong place). Read from the
 * harness's timeout messages (src/harness/worker/worker.ts, where the event loop empties).
 */
function timedOutWaiting(error: string, mapping: Mapping): Pick<Finding, 'production' | 'fix'> | undefined {
  const cost = `each batch ${afterFailure(mapping)}, the shard stalls behind it, and every invocation is billed for the whole timeout.`;
  const production = `Every invocation runs until function.Timeout and fails as a timeout, whatever its records: ${cost}`;
  if (/context\.callbackWaitsForEmptyEventLoop is true/.test(error)) {
    return {
      production,
      fix: 'Clear the timer before calling back (clearInterval, clearTimeout), or call unref() on it, or set context.callbackWaitsForEmptyEventLoop = false so that Lambda sends the response as soon as the handler calls back (what is left on the event loop then runs only if the environment is invoked again).',
    };
  }
  if (/still waiting for a .*(timer|setInterval)/.test(error)) {
    return {
      production: `A wait of the handler's own (a sleep, a retry back-off, a polling interval) outlasts function.Timeout, whatever the records: ${cost}`,
      fix: `Keep the handler's waits within function.Timeout: bound sleeps and back-offs with context.getRemainingTimeInMillis(), and when too little time is left ${mapping.ReportBatchItemFailures ? 'report the records not done in batchItemFailures' : 'fail the batch'} instead of waiting; or raise function.Timeout.`,
    };
  }
  if (/promise can never settle/.test(error)) {
    return {
      production,
      fix: 'Make the handler\'s promise settle on every path: a Promise wrapped around a callback API whose resolve is never called, an event that never comes, or an await on an unref\'d timer (Node does not wait for it) leave it pending until the timeout.',
    };
  }
  return undefined;
}

/** A downstream call the service itself refused (4xx, nothing injected; a search version conflict has its own finding) in the invocation: what to fix, rather than the record handling. */
function refusedCall(run: HarnessRun, invocation: number): HarnessRun['calls'][number] | undefined {
  return run.calls.find((c) => c.invocation === invocation && c.outcome === 'error' && c.fault === undefined && c.statusCode !== undefined && c.statusCode >= 400 && c.statusCode < 500 && !c.conflicts);
}

function refusedFix(call: HarnessRun['calls'][number], thrown = ''): string {
  const what = `${call.service} ${call.operation} answered ${call.statusCode}${call.error ? ` ${call.error}` : ''}`;
  if (/Number (overflow|underflow)|magnitude (larger|smaller) than supported range/i.test(`${call.error ?? ''} ${thrown}`)) {
    return `${what} (a number out of DynamoDB's range): a number of the record went through a JavaScript number on its way, which rounds the 38 digits DynamoDB keeps (9.999…e125 becomes 1e126, out of range). Keep numbers as DynamoDB wrote them: copy the record's AttributeValues as they are, or unmarshall with { wrapNumbers: true } (SDK v3 @aws-sdk/util-dynamodb; the DocumentClient's unmarshallOptions; SDK v2's DocumentClient and Converter take wrapNumbers: true too).`;
  }
  if (/ConditionalCheckFailed|TransactionCanceled/.test(call.error ?? '')) {
    return `${what}: a condition refused the write, which is a guard doing its job (the change is already there, or a newer one is). Catch that answer and go on with the next record instead of failing the batch.`;
  }
  return `${what} with nothing faulty: the service refuses that request as it is, on every attempt, in production too. Fix the request (its parameters, or the target's settings), or let the handler treat that answer as final.`;
}

/** A version conflict taken for a failure: the record fails on every delivery, though its change is done. */
function conflictFailure(adv: HarnessRun, mapping: Mapping): Finding | undefined {
  const found = conflictTakenForFailure(adv);
  if (found === undefined) return undefined;
  const { invocation, conflicts } = found;
  const answer = invocation.outcome === 'partial'
    ? `reported record ${invocation.sequenceNumbers[invocation.failureIndex!]} as failed`
    : `failed (${invocation.error ?? invocation.outcome})`;
  return {
    run: 'adversarial',
    invocation,
    message: `on a ${deliveryOf(invocation.reason)} of ${invocation.sequenceNumbers.length} record(s), the search engine refused ${conflicts} write(s) with 409 version_conflict_engine_exception (the index already holds that version of the document or a newer one: the change is done), no call failed, and the handler ${answer}`,
    production: `A change delivered again (a retry, a bisected half, a duplicate) after it or a newer change of the same document was indexed is refused with 409 on every delivery, so the record is retried until ${fate(mapping)}, while its shard stalls.`,
    fix: 'Search index: a 409 version_conflict_engine_exception on an external version means that version or a newer one is already indexed (or a newer change deleted the document): treat it as success, like a delete\'s `not_found`, and report only the other failed items of a `_bulk` (from the first one on).',
  };
}

/** Where a record that always fails ends, under this mapping. */
function fate(mapping: Mapping): string {
  if (mapping.MaximumRetryAttempts === -1 && mapping.MaximumRecordAgeInSeconds === -1) return 'it leaves the stream\'s retention';
  return mapping.OnFailure ? `Lambda sends it to the OnFailure destination (${mapping.OnFailure.type})` : 'Lambda discards it without a trace (no OnFailure destination)';
}

function deliveryOf(reason: HarnessRun['trace']['invocations'][number]['reason']): string {
  switch (reason) {
    case 'first': return 'delivery';
    case 'retry': return 'retried batch';
    case 'bisect': return 'bisected half';
    case 'partial-suffix': return 'redelivered batch suffix';
    case 'duplicate': return 'duplicate delivery';
  }
}
