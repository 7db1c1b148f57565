import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { plainItem } from '../core/plain-item.js';
import { sourceRecords } from '../core/record-key.js';
import type { DownstreamError, FaultSchedule, RecordedCall } from '../harness/index.js';
import { producerRetries } from '../../generators/producer-retry.js';
import type { Shard, Source, Trace } from '../model/types.js';
import type { Counterexample, CounterexampleDifference, CounterexampleRecord } from '../../reports/report.js';
import type { Case, Finding } from '../../properties/index.js';
import type { Difference } from '../core/difference.js';
import { canonical } from '../core/canonical.js';
import { handlerOutputs } from './handler-output.js';
import { firstDifference, typedView, typeName, type DifferenceAt } from './typed-difference.js';

/** A shrunk case as data: records, faults, the trace, expected versus actual per key (reporters draw it). */
export function describeCounterexample(c: Case, source: Source, finding: Finding, trace: Trace, calls: RecordedCall[], replay: string): Omit<Counterexample, 'timeline'> {
  return {
    calls: calls.map((call) => `invocation #${call.invocation + 1} call #${call.call}.${call.attempt} ${call.service} ${call.operation} → ${call.outcome}${call.statusCode === undefined ? '' : ` ${call.statusCode}`}${call.fault ? ` (injected ${call.fault})` : ''}`),
    records: c.shards.flatMap((shard) => shard.records.map((record) => plainRecord(shard.shardId, record as DynamoDBRecord | KinesisStreamRecord, source))),
    faults: describeFaults(c.faults, c.shards, source),
    trace: { invocations: trace.invocations, destinations: trace.destinations, checkpoints: trace.checkpoints, discards: trace.discards, events: trace.events },
    ...(finding.differences && { differences: finding.differences.map(plainDifference) }),
    ...(handlerOutputs(trace).length > 0 && { handlerOutput: handlerOutputs(trace) }),
    replay,
  };
}

function plainRecord(shardId: string, record: DynamoDBRecord | KinesisStreamRecord, source: Source): CounterexampleRecord {
  return { shardId, ...sourceRecords[source].readable(record) };
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
    key: `${d.where} ${d.id}${d.keys.length > 0 ? ` (source ${d.keys.join(' | ')})` : ''}`,
    expected,
    actual,
    ...(at && at.path !== '' && { path: at.path, at: differsAt(at) }),
    ...(hidden && { typed: { expected: typedView(d.expected), actual: typedView(d.actual) } }),
  };
}

function differsAt(at: DifferenceAt): string {
  const side = (value: unknown) => {
    const type = typeName(value);
    const text = value === undefined ? '' : JSON.stringify(typedView(value));
    return type.includes('(') ? `${type} ${text}` : text || type;
  };
  return `differs at ${at.path}: expected ${side(at.expected)}, actual ${side(at.actual)}`;
}

/** Invocations are numbered from 1 wherever a person reads them (faults, calls, timeline boxes); the schedule counts from 0. */
export function describeFaults(faults: FaultSchedule, shards: Shard[] = [], source: Source = 'dynamodb'): string[] {
  const lines: string[] = [];
  if (source === 'kinesis' && shards.length > 0) {
    for (const retry of producerRetries(shards as Shard<KinesisStreamRecord>[], faults.producerRetries ?? [])) {
      lines.push(`record ${retry.original} of ${retry.shardId} is written again by a producer retry: same partition key and data, new sequence number ${retry.copy}`);
    }
  }
  for (const f of faults.calls) {
    lines.push(f.kind === 'error'
      ? `downstream call #${f.call}: ${errorPhrase(f.error)}${f.attempts >= 99 ? ' on every attempt (permanent)' : ` on its first ${f.attempts} attempt(s)`}`
      : f.kind === 'partial-batch'
        ? `downstream call #${f.call}: batch entries ${f.failed.join(', ')} reported failed`
        : `every call for key ${f.values.join('/')} fails (a poison record)`);
  }
  for (const f of faults.invocations) {
    lines.push(f.kind === 'timeout-after-calls'
      ? `invocation #${f.invocation + 1}: times out after ${f.calls} downstream call(s)`
      : f.kind === 'cold-start' ? `invocation #${f.invocation + 1}: runs after a cold start` : `invocation #${f.invocation + 1}: its batch is delivered again (poller duplicate)`);
  }
  if (faults.reorder) lines.push(`concurrent downstream calls complete in an adversarial order (seed ${faults.seed})`);
  return lines;
}

/** A timeout says what the client saw, since no answer came at all. */
function errorPhrase(error: DownstreamError): string {
  return error === 'timeout' ? "timeout (no answer: the client's own timeout fires, or ETIMEDOUT)" : error;
}
