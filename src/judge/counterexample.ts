import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { plainItem } from '../core/plain-item.js';
import { sourceRecords } from '../core/record-key.js';
import type { FaultSchedule, RecordedCall } from '../harness/index.js';
import { producerRetries } from '../../generators/producer-retry.js';
import type { Shard, Source, Trace } from '../model/types.js';
import type { Counterexample, CounterexampleRecord } from '../../reports/report.js';
import type { Case, Finding } from '../../properties/index.js';
import type { Difference } from '../core/difference.js';

/** A shrunk case as data: records, faults, the trace, expected versus actual per key (reporters draw it). */
export function describeCounterexample(c: Case, source: Source, finding: Finding, trace: Trace, calls: RecordedCall[], replay: string): Omit<Counterexample, 'timeline'> {
  return {
    calls: calls.map((call) => `invocation #${call.invocation} call #${call.call}.${call.attempt} ${call.service} ${call.operation} → ${call.outcome}${call.statusCode === undefined ? '' : ` ${call.statusCode}`}${call.fault ? ` (injected ${call.fault})` : ''}`),
    records: c.shards.flatMap((shard) => shard.records.map((record) => plainRecord(shard.shardId, record as DynamoDBRecord | KinesisStreamRecord, source))),
    faults: describeFaults(c.faults, c.shards, source),
    trace: { invocations: trace.invocations, destinations: trace.destinations, checkpoints: trace.checkpoints, discards: trace.discards, events: trace.events },
    ...(finding.differences && { differences: finding.differences.map(plainDifference) }),
    replay,
  };
}

function plainRecord(shardId: string, record: DynamoDBRecord | KinesisStreamRecord, source: Source): CounterexampleRecord {
  return { shardId, ...sourceRecords[source].readable(record) };
}

function plainDifference(d: Difference): { key: string; expected: unknown; actual: unknown } {
  return { key: `${d.where} ${d.id}${d.keys.length > 0 ? ` (source ${d.keys.join(' | ')})` : ''}`, expected: plainItem(d.expected), actual: plainItem(d.actual) };
}

export function describeFaults(faults: FaultSchedule, shards: Shard[] = [], source: Source = 'dynamodb'): string[] {
  const lines: string[] = [];
  if (source === 'kinesis' && shards.length > 0) {
    for (const retry of producerRetries(shards as Shard<KinesisStreamRecord>[], faults.producerRetries ?? [])) {
      lines.push(`record ${retry.original} of ${retry.shardId} is written again by a producer retry: same partition key and data, new sequence number ${retry.copy}`);
    }
  }
  for (const f of faults.calls) {
    lines.push(f.kind === 'error'
      ? `downstream call #${f.call}: ${f.error}${f.attempts >= 99 ? ' on every attempt (permanent)' : ` on its first ${f.attempts} attempt(s)`}`
      : f.kind === 'partial-batch'
        ? `downstream call #${f.call}: batch entries ${f.failed.join(', ')} reported failed`
        : `every call for key ${f.values.join('/')} fails (a poison record)`);
  }
  for (const f of faults.invocations) {
    lines.push(f.kind === 'timeout-after-calls'
      ? `invocation #${f.invocation}: times out after ${f.calls} downstream call(s)`
      : f.kind === 'cold-start' ? `invocation #${f.invocation}: runs after a cold start` : `invocation #${f.invocation}: its batch is delivered again (poller duplicate)`);
  }
  if (faults.reorder) lines.push(`concurrent downstream calls complete in an adversarial order (seed ${faults.seed})`);
  return lines;
}
