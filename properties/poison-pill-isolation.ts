import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { leafValues } from '../src/core/canonical.js';
import { sequenceNumberOf } from '../src/core/record-key.js';
import { batchEntries, noFaults, type HarnessRun, type RecordedCall } from '../src/harness/index.js';
import type { Mapping } from '../src/model/mapping.js';
import type { Source, StreamEvent, StreamRecord, Trace } from '../src/model/types.js';
import { simulateResolved, withSettings } from '../src/simulate.js';
import type { Finding, StaticContext } from './evidence.js';
import { defineRule } from './rule.js';
import { acknowledgedRecords } from './support/acknowledged.js';
import { judgedShardId, keyedRecord } from './support/keyed-record.js';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 0, 1);

export const poisonPillIsolation = defineRule({
  id: 'poison-pill-isolation',
  meaning: 'under its mapping, one permanently failing record does not keep the records behind it (other keys) from being processed for more than an hour',
  production: {
    dynamodb: 'One bad record holds back the records of other keys behind it on its shard: they wait while it is retried, and IteratorAge climbs all the while.',
    kinesis: 'One bad record holds back the records of other partition keys behind it on its shard: they wait while it is retried, and IteratorAge climbs all the while.',
  },
  fix: 'Let Lambda set the failing record aside quickly: throw (with BisectBatchOnFunctionError) or report the failing record by sequence number (with ReportBatchItemFailures) rather than failing records that succeeded, and keep MaximumRetryAttempts small.',
  searchFix:
    "Search index: a `_bulk` item refused for good (400 mapper_parsing_exception or illegal_argument_exception: a value the index mapping does not accept) fails on every retry: report its record and the records after it, never the records before it, and throw only when it is the batch's first record, so that Lambda bisects down to it.",
  judgedBy: 'the consumer’s own handler, under its own mapping, with every downstream call for one record’s key (else its event id) failing; skipped when the handler makes no such call; reports the worst IteratorAge',
  async judgeOnce(context) {
    const { mapping, source } = context;
    if (mapping.MaximumRetryAttempts === -1 && (mapping.MaximumRecordAgeInSeconds === -1 || mapping.MaximumRecordAgeInSeconds > 3600)) {
      return { status: 'skip', message: 'under this mapping (retries forever) a record that always fails blocks its shard whatever the handler does: mapping-config reports it' };
    }
    const records = scenario(source, context.keyRecord);
    const poison = records[0]!;
    const shards = [{ shardId: judgedShardId(source, 1), records }];
    let trace: Trace | undefined;
    let calls: RecordedCall[] = [];
    let faults = noFaults;
    let applied: Set<string> | undefined;
    let judged = 'the handler';
    if (context.runHandler) {
      // the handler must have made a call for the poison, or nothing was poisoned: named by its key, or else by its event id (an aggregate writes per customer, a dedup record per event)
      let poisoned: { run: HarnessRun; tie: Tie } | undefined;
      for (const tie of ties[source]) {
        const run = await context.runHandler(shards, tie(poison));
        // the poison's calls fail, or a batch call's poisoned entries alone
        if (run.calls.some((c) => c.fault === 'server-error' || c.fault === 'partial-batch')) {
          poisoned = { run, tie };
          break;
        }
      }
      if (poisoned === undefined) {
        // a model consumer's verdict would be the mapping's, not the handler's
        return { status: 'skip', message: "the handler made no downstream call naming the failing record's key or event id, so no record could be made to fail; mapping-config judges the mapping itself" };
      }
      trace = poisoned.run.trace;
      calls = poisoned.run.calls;
      faults = { ...noFaults, calls: [{ kind: 'poison', values: [poisoned.tie(poison)] }] };
      applied = appliedRecords(records.slice(1), poisoned.run.calls, poisoned.tie, source);
    }
    if (trace === undefined) {
      judged = 'a model consumer';
      trace = await simulateResolved({
        source,
        mapping: isolationMapping(mapping),
        shards,
        // a consumer that fails on the poison as best it can: by sequence number when it may, else by throwing
        handler: (event: StreamEvent) => {
          const index = event.Records.indexOf(poison);
          if (index < 0) return { batchItemFailures: [] };
          if (mapping.ReportBatchItemFailures) return { batchItemFailures: [{ itemIdentifier: sequenceNumberOf(poison, source) }] };
          throw new Error('poison record');
        },
      });
    }
    const finding = verdict(trace, records.slice(1).map((r) => sequenceNumberOf(r, source)), mapping, judged, applied);
    return finding.status === 'pass' ? finding : { ...finding, shown: { shards, faults, trace, calls } };
  },
});

/**
 * The healthy records a call that succeeded carried (by the value that tied calls to the poison),
 * or an entry a batch call accepted: the handler applied them, whatever the mapping then made of them.
 */
function appliedRecords(healthy: StreamRecord[], calls: RecordedCall[], tie: Tie, source: Source): Set<string> {
  const succeeded = calls.flatMap((c) => {
    if (c.outcome === 'ok') return [leafValues(c.input)];
    if (c.outcome !== 'partial') return [];
    const refused = new Set(c.failedEntries);
    return batchEntries(c, (c.input ?? {}) as Record<string, unknown>).filter((_, i) => !refused.has(i)).map((entry) => leafValues(entry));
  });
  return new Set(healthy.filter((r) => succeeded.some((leaves) => leaves.has(tie(r)))).map((r) => sequenceNumberOf(r, source)));
}

function verdict(trace: Trace, healthy: string[], mapping: Mapping, consumer: string, applied?: ReadonlySet<string>): Finding {
  // the records named below are the rule's own scenario's, not the generated cases'
  const poison = consumer === 'the handler' ? 'a first record whose every downstream call fails' : 'a first record that always fails';
  const judged = `${consumer}, on this rule's own records (${poison}, then ${healthy.length} of other keys)`;
  // from the metrics: they count the retries the model fast-forwarded too
  const worstIteratorAgeMs = Math.max(0, ...Object.values(trace.metrics).map((m) => m.maxIteratorAgeMs));
  const processedAt = new Map<string, number>();
  for (const inv of trace.invocations) {
    for (const seq of acknowledgedRecords(inv)) if (!processedAt.has(seq)) processedAt.set(seq, inv.at + inv.durationMs);
  }
  const discardedAt = new Map(trace.discards.flatMap((d) => d.sequenceNumbers.map((seq) => [seq, d.at] as const)));
  // a healthy record set aside with the poison only after an hour or more was blocked all that time
  const discardedHealthy = healthy.filter((seq) => !processedAt.has(seq) && discardedAt.has(seq) && discardedAt.get(seq)! - t0 <= hour);
  const blocked = healthy.filter((seq) => !discardedHealthy.includes(seq) && (processedAt.get(seq) ?? discardedAt.get(seq) ?? Infinity) - t0 > hour);
  if (blocked.length > 0) {
    const waited = Math.max(...blocked.map((seq) => processedAt.get(seq) ?? discardedAt.get(seq) ?? trace.endTime)) - t0;
    return {
      details: { rule: 'poison-pill-isolation', worstIteratorAgeMs },
      message: `with ${judged}, a permanently failing record kept ${blocked.length} record(s) of other keys from being processed for ${formatDuration(waited)}${blocked.some((seq) => !processedAt.has(seq)) ? ', and then they were discarded with it' : ''} (worst IteratorAge ${formatDuration(worstIteratorAgeMs)})${timeouts(trace)}`,
    };
  }
  const held = `with ${judged}, a permanently failing record held other keys back for at most ${formatDuration(worstIteratorAgeMs)} (worst IteratorAge)`;
  const unapplied = discardedHealthy.filter((seq) => !applied?.has(seq));
  const invalid = trace.invocations.find((inv) => inv.outcome === 'invalid-response');
  if (unapplied.length > 0) {
    return {
      status: 'warn',
      details: { rule: 'poison-pill-isolation', worstIteratorAgeMs },
      message: `with ${judged}, ${unapplied.length} healthy record(s) of other keys were never applied (${unapplied.join(', ')}): they were retried with the poison, then Lambda ${setAside(mapping)}; ${invalid === undefined ? isolationFor(mapping).advice : invalidAdvice(invalid, mapping)}`,
      production: setAsideProduction(mapping),
      fix: invalid === undefined ? isolationFor(mapping).fix : `Make the response valid first (batch-response-shape says how): ${isolationFor(mapping).fix}`,
    };
  }
  // records the handler applied lose nothing when their range is set aside with the poison
  const alsoSetAside = discardedHealthy.length === 0 ? '' : `; ${discardedHealthy.length} healthy record(s) the handler had applied were retried with it, then Lambda ${setAside(mapping)}`;
  return { status: 'pass', details: { rule: 'poison-pill-isolation', worstIteratorAgeMs }, message: `${held}${alsoSetAside}` };
}

/** A response Lambda could not read fails the whole batch, whatever it names: that comes before how failures are reported. */
function invalidAdvice(invalid: Trace['invocations'][number], mapping: Mapping): string {
  const bisect = mapping.BisectBatchOnFunctionError ? ', and bisected it' : '';
  return `the handler's response was invalid (${invalid.error ?? 'invalid-response'}), so Lambda took it for a failure of the whole batch and retried the whole batch${bisect}, whatever it named; once its batchItemFailures name records by sequence number, ${isolationFor(mapping).advice}`;
}

/** What the mapping does with records whose retries ran out. */
function setAside(mapping: Mapping): string {
  return mapping.OnFailure ? `sent their range to the OnFailure destination (${mapping.OnFailure.type}) as failed` : 'skipped them as failed (no OnFailure destination records them)';
}

/** What it costs in production when healthy records are set aside with the bad one (not the wait the rule's own sentence describes). */
function setAsideProduction(mapping: Mapping): string {
  return mapping.OnFailure
    ? 'Healthy records are set aside with the bad one without being applied: the OnFailure destination receives only their shard and sequence number range, not the records, so they stay unapplied unless someone reads them back from the stream before they expire.'
    : 'Healthy records are dropped with the bad one without being applied, and nothing records which ones.';
}

/** The invocations that ran until the function's timeout: what made the retries slow, when the handler is the cause. */
function timeouts(trace: Trace): string {
  const timedOut = trace.invocations.filter((inv) => inv.outcome === 'timeout');
  if (timedOut.length === 0) return '';
  return `; ${timedOut.length} of the ${trace.invocations.length} invocations ran until the function timed out (after ${formatDuration(Math.max(...timedOut.map((inv) => inv.durationMs)))}) instead of failing at once`;
}

/**
 * How to set only the poison aside, for what this mapping already has (never advice to turn on
 * what is on): the clause the warning ends with, and its Fix line. Keyed by ReportBatchItemFailures,
 * then BisectBatchOnFunctionError.
 */
const isolation: Record<`${boolean}/${boolean}`, { advice: string; fix: string }> = {
  'true/true': {
    advice: 'a partial response that names the first record of the batch is retried whole and never bisected; throw when the first record fails (Lambda then bisects the batch) and report later failures by sequence number',
    fix: 'Throw when the batch’s first record fails, so that Lambda bisects the batch down to it, and report a later failure by its sequence number in batchItemFailures (a split at that record).',
  },
  'true/false': {
    advice: 'a partial response that names the first record of the batch is retried whole; enable BisectBatchOnFunctionError and throw when the first record fails, so that Lambda splits the batch down to the poison',
    fix: 'Enable BisectBatchOnFunctionError and throw when the batch’s first record fails, so that Lambda splits the batch down to it; report a later failure by its sequence number in batchItemFailures.',
  },
  'false/true': {
    advice: 'report failures by sequence number with ReportBatchItemFailures as well, so that only the failing record and the records after it are retried',
    fix: 'Add ReportBatchItemFailures to FunctionResponseTypes and report the failing record by its sequence number, so that only it and the records after it are retried; keep throwing when the batch’s first record fails, so that Lambda bisects down to it.',
  },
  'false/false': {
    advice: 'enable BisectBatchOnFunctionError so that Lambda splits a failing batch down to the poison, or report failures by sequence number with ReportBatchItemFailures',
    fix: 'Enable BisectBatchOnFunctionError so that Lambda splits a failing batch down to the poison, or add ReportBatchItemFailures and report the failing record by its sequence number.',
  },
};

const isolationFor = (mapping: Mapping) => isolation[`${Boolean(mapping.ReportBatchItemFailures)}/${Boolean(mapping.BisectBatchOnFunctionError)}`];

/**
 * The mapping the model consumer runs under: the consumer's, from the start of the stream, without
 * filters or tumbling windows (they are judged by their own rules).
 */
function isolationMapping(mapping: Mapping): Mapping {
  return withSettings(mapping, {
    StartingPosition: mapping.StartingPosition === 'AT_TIMESTAMP' ? 'TRIM_HORIZON' : mapping.StartingPosition,
    StartingPositionTimestamp: undefined,
    Filters: [],
    filter: undefined,
    TumblingWindowInSeconds: 0,
  });
}

/** A poison record with healthy records of other keys: three in its second, three a minute later. */
function scenario(source: Source, keyRecord: StaticContext['keyRecord']): StreamRecord[] {
  const keys = ['poison-7f3a9c', 'a', 'b', 'c', 'd', 'e', 'f'];
  return keys.map((key, i) => keyedRecord(source, keyRecord, key, i, (t0 + (i > 3 ? 60_000 : 0)) / 1000, String(10n ** 20n + BigInt(i))));
}

/** A value that ties downstream calls to a record of the scenario. */
type Tie = (record: StreamRecord) => string;

/** Which values tie downstream calls to the poison record, in the order tried: its key (the partition key value), then its event id. */
const ties: Record<Source, Tie[]> = {
  kinesis: [(record) => (record as KinesisStreamRecord).kinesis.partitionKey, (record) => record.eventID ?? ''],
  dynamodb: [
    // the first key attribute as declared: the table's partition key
    (record) => {
      const first = Object.values((record as DynamoDBRecord).dynamodb!.Keys!)[0] as unknown as Record<string, string>;
      return first.S ?? first.N ?? first.B ?? '';
    },
    (record) => record.eventID ?? '',
  ],
};

function formatDuration(ms: number): string {
  return ms >= hour ? `${(ms / hour).toFixed(1)} h` : ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}
