import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { plainItem } from '../core/plain-item.js';
import { sourceRecords } from '../core/record-key.js';
import type { CallFault, FaultSchedule, RecordedCall } from '../harness/index.js';
import type { RecordFilter } from '../model/filter/index.js';
import type { Shard, Source, Trace } from '../model/types.js';
import type { Counterexample, CounterexampleCall, CounterexampleDifference, CounterexampleFault, CounterexampleRecord, DifferenceSide } from '../../reports/report.js';
import type { Case, Finding } from '../../properties/index.js';
import type { Difference } from '../core/difference.js';
import { canonical } from '../core/canonical.js';
import { adversarialShards } from './case.js';
import { handlerOutputs } from './handler-output.js';
import { firstDifference, typedView, typeOf } from './typed-difference.js';

/** A shrunk case as data: records, faults, calls, the trace, expected versus actual per key (reporters write and draw it). */
export function describeCounterexample(c: Case, source: Source, finding: Finding, trace: Trace, calls: RecordedCall[], replay: string, filter?: RecordFilter): Counterexample {
  return {
    calls: calls.map(counterexampleCall),
    records: c.shards.flatMap((shard) => shard.records.map((record) => plainRecord(shard.shardId, record as DynamoDBRecord | KinesisStreamRecord, source, filter, c.itemsAfter))),
    faults: counterexampleFaults(c.faults, c.shards, source, calls, trace),
    trace: { invocations: trace.invocations, destinations: trace.destinations, checkpoints: trace.checkpoints, discards: trace.discards, events: trace.events, metrics: trace.metrics },
    ...(finding.differences && { differences: finding.differences.map(plainDifference) }),
    ...(finding.differences && finding.expectedFrom && { expectedFrom: finding.expectedFrom }),
    ...(handlerOutputs(trace).length > 0 && { handlerOutput: handlerOutputs(trace) }),
    replay,
  };
}

function plainRecord(shardId: string, record: DynamoDBRecord | KinesisStreamRecord, source: Source, filter: RecordFilter | undefined, itemsAfter: Case['itemsAfter']): CounterexampleRecord {
  const readable = sourceRecords[source].readable(record);
  const wrote = readable.newImage === undefined ? itemsAfter?.[readable.sequenceNumber] : undefined;
  return { shardId, ...readable, ...(wrote && { wrote: plainItem(wrote) }), ...(filter !== undefined && !filter(record) && filteredMark(filter, record)) };
}

/**
 * A difference as a person reads it: plain JSON, the path where the sides first differ, and the
 * DynamoDB types (DynamoDB JSON) whenever the plain view would show two equal values.
 */
function plainDifference(d: Difference): CounterexampleDifference {
  const expected = plainItem(d.expected);
  const actual = plainItem(d.actual);
  const at = d.kind === 'changed' || d.kind === 'order' ? firstDifference(d.expected, d.actual) : undefined;
  const hidden = d.expected !== undefined && d.actual !== undefined && canonical(expected) === canonical(actual);
  return {
    where: d.where,
    id: d.id,
    sourceKeys: d.keys,
    expected,
    actual,
    ...(at && at.path !== '' && { at: { path: at.path, expected: side(at.expected), actual: side(at.actual) } }),
    ...(hidden && { typed: { expected: typedView(d.expected), actual: typedView(d.actual) } }),
  };
}

function side(value: unknown): DifferenceSide {
  return value === undefined ? { type: 'nothing' } : { type: typeOf(value), value: typedView(value) };
}

/**
 * The faults of a schedule as data (invocations numbered from 1, as people read them; the schedule
 * counts from 0). With the run's calls, a partial-batch fault names the entries it made fail (the
 * schedule's indexes past the end of the call's batch never apply), and one that made none fail is left out.
 */
export function counterexampleFaults(faults: FaultSchedule, shards: Shard[] = [], source: Source = 'dynamodb', calls?: RecordedCall[], trace?: Trace): CounterexampleFault[] {
  const { retries } = adversarialShards({ shards, faults }, source);
  return [
    ...retries.map((retry): CounterexampleFault => ({ kind: 'producer-retry', ...retry })),
    // in the order of the calls they hit, as the list of downstream calls reads (a shrunk schedule keeps the order it was drawn in)
    ...faults.calls.flatMap((f) => appliedFault(f, calls)).sort((a, b) => callOf(a) - callOf(b)).map(callFault),
    ...faults.invocations.map((f): CounterexampleFault => ({
      ...f, invocation: f.invocation + 1, ...(f.kind === 'timeout-after-calls' && trace?.invocations[f.invocation]?.workLeft?.frozen && { frozeLeftWork: true as const }),
    })),
    ...(faults.reorder ? [{ kind: 'reorder' as const, seed: faults.seed }] : []),
  ];
}

function callOf(f: CallFault): number {
  return 'call' in f ? f.call : Number.POSITIVE_INFINITY;
}

/** A partial-batch fault as it applied to its call, when the call was made. */
function appliedFault(f: CallFault, calls: RecordedCall[] | undefined): CallFault[] {
  if (f.kind !== 'partial-batch' || calls === undefined) return [f];
  const made = calls.find((call) => call.call === f.call && call.attempt === 1);
  if (made === undefined) return [f];
  return made.failedEntries === undefined ? [] : [{ ...f, failed: made.failedEntries }];
}

/** More attempts than an SDK makes: the call fails on every attempt. */
const PERMANENT_ATTEMPTS = 99;

function callFault(f: CallFault): CounterexampleFault {
  switch (f.kind) {
    case 'error':
      return { kind: 'call-error', call: f.call, error: f.error, attempts: f.attempts, permanent: f.attempts >= PERMANENT_ATTEMPTS };
    case 'partial-batch':
      return f;
    case 'poison':
      return { kind: 'poison-key', values: f.values };
  }
}

/** A downstream call attempt as data (its invocation numbered from 1). */
function counterexampleCall(call: RecordedCall): CounterexampleCall {
  return {
    invocation: call.invocation + 1, call: call.call, attempt: call.attempt, service: call.service, operation: call.operation, outcome: call.outcome,
    ...(call.statusCode !== undefined && { statusCode: call.statusCode }),
    ...(call.error !== undefined && { error: call.error }),
    ...(call.fault !== undefined && { fault: call.fault }),
    ...(call.leftBy !== undefined && { leftBy: call.leftBy + 1 }),
    ...(call.afterReturn && { afterReturn: true }),
  };
}

function filteredMark(filter: RecordFilter, record: DynamoDBRecord | KinesisStreamRecord): Pick<CounterexampleRecord, 'filtered' | 'filteredLacking'> {
  const lacking = filter.absentNegatedField(record);
  return { filtered: true, ...(lacking !== undefined && { filteredLacking: lacking.field.join('.') }) };
}
