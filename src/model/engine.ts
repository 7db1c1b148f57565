import { classify } from './classify.js';
import { SimulationStopped } from './stop.js';
import type { Knobs } from './knobs.js';
import { LaneQueue } from './lane-queue.js';
import type { Mapping } from './mapping.js';
import { onFailureDelivery } from './on-failure.js';
import { eventEnvelopeBytes, maxPayloadBytes, recordBytes, recordBytesBound } from './payload-size.js';
import type { PreparedShard, RecordAccess } from './prepare.js';
import { Random } from './random.js';
import { type Batch, type Delivery, Lane, RecordState, type Repeat, ShardRun } from './shard-run.js';
import { maxWindowStateBytes, openWindow, requireState, stateBytes, stateOf, windowFields, windowStartOf } from './tumbling-window.js';
import type { Condition, Discard, HandlerResult, InvocationRecord, Invoker, SkippedAttempts, StreamEvent, StreamRecord, TimelineEvent, Trace } from './types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface EngineInput {
  access: RecordAccess;
  mapping: Mapping;
  knobs: Knobs;
  shards: PreparedShard[];
  invoke: Invoker;
  /** When the mapping starts polling, epoch ms. */
  startTime: number;
  durationOf: (event: StreamEvent) => number;
  functionTimeoutMs: number;
}

/**
 * The event source mapping in virtual time (SPEC §3): lanes (shards or sub-streams) take turns in
 * order of their next action time; each turn forms a batch, cuts expired records, invokes, and
 * applies the outcome. Invocations run one at a time, so a run is deterministic.
 */
export class Engine {
  private readonly queue = new LaneQueue<Lane>();
  private readonly runs: ShardRun[];
  private readonly ids: Random;
  private readonly duplicates: Random;
  private readonly trace: Trace = { invocations: [], destinations: [], checkpoints: {}, discards: [], events: [], metrics: {}, endTime: 0 };
  private laneOrder = 0;
  /** The invocation `knobs.stopAfter` picked: once Lambda has acted on its outcome, no lane takes another turn. */
  private stopIndex: number | undefined;
  private stopped = false;
  /** Invocations so far that may have changed something outside the function (not said repeatable). */
  private changes = 0;
  private readonly maxAgeMs: number;
  private readonly retentionMs: number;
  /** TumblingWindowInSeconds in ms (0: no windows). */
  private readonly windowMs: number;

  constructor(private readonly input: EngineInput) {
    const { mapping, knobs, shards } = input;
    this.ids = new Random(knobs.seed);
    this.duplicates = new Random(knobs.seed ^ 0x5bd1e995);
    this.maxAgeMs = mapping.MaximumRecordAgeInSeconds === -1 ? Infinity : mapping.MaximumRecordAgeInSeconds * 1000;
    this.retentionMs = knobs.retentionHours * 3_600_000;
    this.windowMs = mapping.TumblingWindowInSeconds * 1000;
    this.runs = shards.map((data) => new ShardRun(data));
    const byId = new Map(this.runs.map((run) => [run.shardId, run]));
    for (const run of this.runs) {
      const parentId = run.data.parentShardId;
      run.parent = parentId === undefined ? undefined : byId.get(parentId);
      run.parent?.children.push(run);
    }
  }

  async run(): Promise<Trace> {
    const { startTime } = this.input;
    for (const run of this.runs) if (run.parent === undefined) this.activate(run, startTime);
    for (let lane = this.queue.pop(); lane !== undefined && !this.stopped; lane = this.queue.pop()) {
      await this.step(lane);
      if (!lane.done && !lane.waiting) this.queue.push(lane);
    }
    for (const run of this.runs) {
      const { checkpointIndex } = run;
      this.trace.checkpoints[run.shardId] = checkpointIndex < 0 ? null : run.data.sequenceNumbers[checkpointIndex]!;
      this.trace.metrics[run.shardId] = run.metrics;
      this.trace.endTime = Math.max(this.trace.endTime, run.finishedAt ?? startTime);
    }
    return this.trace;
  }

  // ── shards and lanes ─────────────────────────────────────────────────────────────────────────

  /** A shard becomes readable: at the start, or when its parent is fully processed. */
  private activate(run: ShardRun, at: number): void {
    run.activated = true;
    const { arrivals } = run.data;
    const readableFrom = this.readableFrom(at);
    const p = this.input.mapping.ParallelizationFactor;
    const members = Array.from({ length: p }, () => new Int32Array(arrivals.length));
    const counts = new Int32Array(p);
    const { filter } = this.input.mapping;
    for (let i = 0; i < arrivals.length; i++) {
      if (arrivals[i]! < readableFrom) {
        run.status[i] = RecordState.Skipped;
        run.metrics.skipped++;
      } else if (filter !== undefined && !filter(run.data.records[i]!)) {
        // filtered as the poller reads it: never delivered, and the checkpoint moves past it
        run.status[i] = RecordState.Filtered;
        run.metrics.filteredOut++;
      } else {
        const s = p === 1 ? 0 : subStreamOf(this.input.access.orderingKey(run.data.records[i]!), p);
        members[s]![counts[s]!++] = i;
      }
    }
    run.advanceCheckpoint();
    run.lanes = members.map((m, s) => new Lane(run, m.subarray(0, counts[s]), p === 1 ? undefined : s, this.laneOrder++, at));
    run.openLanes = run.lanes.length;
    for (const lane of run.lanes) {
      if (lane.members.length === 0) this.closeLane(lane, at);
      else this.queue.push(lane);
    }
  }

  /** Records that arrived before this time are not read (StartingPosition, or already trimmed). */
  private readableFrom(at: number): number {
    const { mapping, startTime } = this.input;
    switch (mapping.StartingPosition) {
      case 'LATEST':
        return startTime;
      case 'AT_TIMESTAMP':
        return mapping.StartingPositionTimestamp! * 1000;
      default:
        return at - this.retentionMs;
    }
  }

  private closeLane(lane: Lane, at: number): void {
    lane.done = true;
    const run = lane.shard;
    run.openLanes--;
    if (run.openLanes > 0) return;
    run.finishedAt = at;
    for (const child of run.children) if (!child.activated) this.activate(child, at);
  }

  // ── one turn of a lane ───────────────────────────────────────────────────────────────────────

  private async step(lane: Lane): Promise<void> {
    const now = lane.time;
    if (lane.inFlight !== null) {
      const { index } = lane.inFlight.delivery;
      await this.complete(lane, lane.inFlight, now);
      if (index === this.stopIndex) this.stopped = true;
      return;
    }
    const again = lane.duplicateRetry;
    if (again !== null) {
      lane.duplicateRetry = null;
      await this.startDelivery(lane, again.batch, again.sequenceNumbers, now, 'duplicate', again.stateBefore, again.tries);
      return;
    }
    if (lane.pending === null) {
      const next = lane.stack.pop();
      if (next !== undefined) lane.pending = next;
      else {
        const final = this.finalInvocation(lane, now);
        if (final === 'wait' || (final === 'none' && !this.formBatch(lane, now))) return;
      }
    }
    if (lane.pending!.final ? this.windowExpired(lane, now) : this.cutExpired(lane, now)) return;
    const batch = lane.pending!;
    const sequenceNumbers = batch.final ? [] : this.sequenceNumbersOf(lane, batch);
    if (this.input.knobs.throttle({ shardId: lane.shard.shardId, sequenceNumbers, at: now, throttles: lane.throttles })) {
      this.throttled(lane, sequenceNumbers, now);
      return;
    }
    lane.throttles = 0;
    if (this.skipRepeat(lane, batch, sequenceNumbers, now)) return;
    await this.startDelivery(lane, batch, sequenceNumbers, now, batch.reason, lane.tumbling?.state);
  }

  /** The handler runs at the start of an invocation; Lambda acts on its outcome when it ends. */
  private async startDelivery(
    lane: Lane, batch: Batch, sequenceNumbers: string[], now: number, reason: InvocationRecord['reason'], stateBefore: unknown, tries = 1,
  ): Promise<void> {
    const delivery = await this.deliver(lane, batch, sequenceNumbers, now, reason, stateBefore);
    lane.inFlight = { batch, delivery, sequenceNumbers, duplicate: reason === 'duplicate', stateBefore, tries };
    lane.time = delivery.end;
  }

  private async complete(lane: Lane, inFlight: NonNullable<Lane['inFlight']>, now: number): Promise<void> {
    lane.inFlight = null;
    lane.windowStart = now;
    if (inFlight.duplicate) {
      this.duplicateCompleted(lane, inFlight, now);
      return;
    }
    this.apply(lane, inFlight.batch, inFlight.delivery);
    if (inFlight.delivery.classification.outcome === 'success' && !inFlight.batch.final && this.duplicateDelivery(inFlight.delivery.index)) {
      // a poller duplicate: the committed batch is sent once more (with the state it was first sent with), and its outcome changes nothing
      await this.startDelivery(lane, inFlight.batch, inFlight.sequenceNumbers, now, 'duplicate', inFlight.stateBefore);
    }
  }

  /**
   * A duplicate delivery is an ordinary invocation for the function: one that fails is sent again
   * (after the usual back-off) until it succeeds, so a duplicate cut short never leaves its batch
   * half re-applied. The checkpoint is already past it; with infinite retries the resends stop
   * after 10 tries (the original delivery succeeded, so only injected faults make them fail).
   */
  private duplicateCompleted(lane: Lane, inFlight: NonNullable<Lane['inFlight']>, now: number): void {
    if (inFlight.delivery.classification.outcome === 'success') return;
    const limit = this.input.mapping.MaximumRetryAttempts === -1 ? 10 : this.input.mapping.MaximumRetryAttempts;
    if (inFlight.tries > limit) return;
    lane.duplicateRetry = { batch: inFlight.batch, sequenceNumbers: inFlight.sequenceNumbers, stateBefore: inFlight.stateBefore, tries: inFlight.tries + 1 };
    lane.time = now + positiveDelay(this.input.knobs.retryBackoff(inFlight.tries), 'retryBackoff');
  }

  /**
   * Cuts the next batch when it is due: BatchSize reached, the 6 MB payload limit reached, or the
   * batching window elapsed (at once with no window). Returns false and reschedules otherwise.
   */
  private formBatch(lane: Lane, now: number): boolean {
    const run = lane.shard;
    const { members } = lane;
    if (lane.pos >= members.length) {
      this.closeLane(lane, now);
      return false;
    }
    if (run.blockedBy !== null && run.blockedBy !== lane) {
      lane.waiting = true;
      run.waiters.push(lane);
      return false;
    }
    const { arrivals } = run.data;
    const firstArrival = arrivals[members[lane.pos]!]!;
    if (firstArrival > now) {
      lane.time = firstArrival;
      return false;
    }
    const batchSize = this.input.mapping.BatchSize;
    const { windowMs } = this;
    const batchWindow = windowMs > 0 ? windowStartOf(firstArrival, windowMs) : 0;
    let count = lane.formingCount;
    let bytes = count === 0 ? eventEnvelopeBytes : lane.formingBytes;
    // sizes from string lengths while the batch is far from the limit (they can only overstate), exact near it
    let exact = count === 0 ? false : lane.formingExact;
    let full = false;
    while (count < batchSize && lane.pos + count < members.length) {
      const index = members[lane.pos + count]!;
      if (arrivals[index]! > now) break;
      if (windowMs > 0 && windowStartOf(arrivals[index]!, windowMs) !== batchWindow) {
        full = true; // a batch never mixes tumbling windows
        break;
      }
      const separator = count > 0 ? 1 : 0;
      let size = (exact ? recordBytes(run.data, index) : recordBytesBound(run.data, index)) + separator;
      if (count > 0 && bytes + size > maxPayloadBytes && !exact) {
        exact = true;
        bytes = this.exactBytes(lane, count);
        size = recordBytes(run.data, index) + separator;
      }
      if (count > 0 && bytes + size > maxPayloadBytes) {
        full = true;
        break;
      }
      bytes += size;
      count++;
    }
    full ||= count === batchSize;
    const windowEnd = lane.windowStart + this.input.mapping.MaximumBatchingWindowInSeconds * 1000;
    if (!full && now < windowEnd) {
      lane.formingCount = count;
      lane.formingBytes = bytes;
      lane.formingExact = exact;
      const nextArrival = lane.pos + count < members.length ? arrivals[members[lane.pos + count]!]! : Infinity;
      lane.time = Math.min(windowEnd, nextArrival);
      return false;
    }
    lane.pending = { from: lane.pos, to: lane.pos + count, attempts: 0, invokes: 0, reason: 'first', lastRequestId: undefined };
    if (windowMs > 0 && lane.tumbling === null) lane.tumbling = openWindow(firstArrival, windowMs, lane.pos);
    lane.pos += count;
    lane.formingCount = 0;
    run.metrics.polled += count;
    return true;
  }

  /** The exact event size of the lane's next `count` records. */
  private exactBytes(lane: Lane, count: number): number {
    let bytes = eventEnvelopeBytes + Math.max(0, count - 1);
    for (let i = 0; i < count; i++) bytes += recordBytes(lane.shard.data, lane.members[lane.pos + i]!);
    return bytes;
  }

  /**
   * A tumbling window ends with a final invocation that carries its state and no records: when
   * the state outgrew 1 MB, when the shard has ended (it split), or once the window's end has
   * passed with no more of its records to deliver. 'due': that invocation is now pending; 'wait':
   * the lane sleeps until the window ends; 'none': the lane goes on with the window's records.
   */
  private finalInvocation(lane: Lane, now: number): 'due' | 'wait' | 'none' {
    const window = lane.tumbling;
    if (window === null) return 'none';
    const { members } = lane;
    const more = lane.pos < members.length && windowStartOf(lane.shard.data.arrivals[members[lane.pos]!]!, this.windowMs) === window.start;
    if (!window.terminatedEarly && more) return 'none';
    const shardEnded = lane.pos >= members.length && lane.shard.children.length > 0;
    if (!window.terminatedEarly && !shardEnded && now < window.end) {
      lane.time = window.end; // the next record, if any, belongs to a later window: it arrives after this one ends
      return 'wait';
    }
    lane.pending = { from: window.from, to: lane.pos, attempts: 0, invokes: 0, reason: 'first', lastRequestId: undefined, final: true };
    return 'due';
  }

  /**
   * Before each invocation, records older than MaximumRecordAgeInSeconds, then records past the
   * stream's retention, are cut from the head of the batch; the rest is still invoked.
   * Returns true when the batch is gone and nothing is to be invoked this turn.
   */
  private cutExpired(lane: Lane, now: number): boolean {
    const batch = lane.pending!;
    this.cutHead(lane, batch, now, this.maxAgeMs, 'RecordAgeExceeded');
    this.cutHead(lane, batch, now, this.retentionMs, 'RetentionExpired');
    if (batch.from < batch.to) return false;
    lane.pending = null;
    this.progressed(lane, now);
    return true;
  }

  /**
   * A failing final invocation holds the shard, but only within MaximumRecordAge and the stream's
   * retention: once the window's oldest unfinished record (or, with none left, the window's start)
   * is too old, its records are discarded and the window closes.
   */
  private windowExpired(lane: Lane, now: number): boolean {
    const batch = lane.pending!;
    const window = lane.tumbling!;
    const { status, data } = lane.shard;
    let oldest = window.start;
    for (let p = batch.from; p < batch.to; p++) {
      const index = lane.members[p]!;
      if (status[index] === RecordState.Pending) {
        oldest = data.arrivals[index]!;
        break;
      }
    }
    const condition = now - oldest > this.maxAgeMs ? 'RecordAgeExceeded' : now - oldest > this.retentionMs ? 'RetentionExpired' : undefined;
    if (condition === undefined) return false;
    this.discard(lane, batch.from, batch.to, condition, now, { approximateInvokeCount: batch.invokes + 1, requestId: batch.lastRequestId ?? this.ids.uuid() });
    lane.tumbling = null;
    lane.pending = null;
    this.progressed(lane, now);
    return true;
  }

  private cutHead(lane: Lane, batch: Batch, now: number, limitMs: number, condition: Discard['condition']): void {
    const { arrivals } = lane.shard.data;
    let end = batch.from;
    while (end < batch.to && now - arrivals[lane.members[end]!]! > limitMs) end++;
    if (end === batch.from) return;
    this.discard(lane, batch.from, end, condition, now, {
      approximateInvokeCount: batch.invokes + 1,
      requestId: batch.lastRequestId ?? this.ids.uuid(),
    });
    batch.from = end;
  }

  private throttled(lane: Lane, sequenceNumbers: string[], now: number): void {
    lane.throttles++;
    lane.shard.metrics.throttles++;
    this.event({ type: 'throttle', shardId: lane.shard.shardId, sequenceNumbers, at: now });
    lane.time = now + positiveDelay(this.input.knobs.throttleBackoff(lane.throttles), 'throttleBackoff');
  }

  private async deliver(
    lane: Lane, batch: Batch, sequenceNumbers: string[], now: number, reason: InvocationRecord['reason'], state: unknown,
  ): Promise<Delivery> {
    const { data, metrics } = lane.shard;
    const { input } = this;
    const records = new Array<StreamRecord>(batch.final ? 0 : batch.to - batch.from);
    for (let i = 0; i < records.length; i++) records[i] = data.records[lane.members[batch.from + i]!]!;
    const window = lane.tumbling;
    const event: StreamEvent = window === null
      ? { Records: records }
      : { Records: records, ...windowFields(window, state, data.shardId, data.streamArn, batch.final === true) };
    const durationMs = input.durationOf(event);
    const requestId = this.ids.uuid();
    const duplicate = reason === 'duplicate';
    if (!duplicate) batch.invokes++;
    const skippedBefore = duplicate ? 0 : batch.repeat?.skipped ?? 0;
    if (!duplicate && batch.repeat !== undefined) batch.repeat.skipped = 0;
    const meta = {
      shardId: data.shardId, at: now, requestId, functionTimeoutMs: input.functionTimeoutMs, durationMs,
      index: this.trace.invocations.length, attempt: batch.invokes, duplicate, skippedBefore,
    };
    let result: HandlerResult;
    try {
      result = await input.invoke(event, meta);
    } catch (error) {
      if (error instanceof SimulationStopped) throw error;
      result = { kind: 'throw', error };
    }
    if (result.repeatable !== true) this.changes++;
    const took = durationMs + (result.kind === 'timeout' ? 0 : result.durationMs ?? 0);
    if (took > input.functionTimeoutMs) result = { kind: 'timeout' };
    let classification = classify(result, sequenceNumbers, input.mapping.ReportBatchItemFailures, input.functionTimeoutMs);
    if (window !== null) classification = requireState(classification);
    const elapsed = result.kind === 'timeout' ? input.functionTimeoutMs : took;
    const iteratorAgeMs = batch.final || batch.to === batch.from ? 0 : now - data.arrivals[lane.members[batch.to - 1]!]!;
    const invocation: InvocationRecord = {
      shardId: data.shardId, sequenceNumbers, outcome: classification.outcome, at: now, durationMs: elapsed,
      requestId, attempt: batch.invokes, reason, iteratorAgeMs,
    };
    if (result.kind === 'return') invocation.response = classification.response;
    if (classification.failureIndex !== undefined) invocation.failureIndex = classification.failureIndex;
    if (classification.error !== undefined) invocation.error = classification.error;
    if (lane.subStream !== undefined) invocation.subStream = lane.subStream;
    if (window !== null) {
      invocation.window = { start: window.start, end: window.end, final: batch.final === true, terminatedEarly: batch.final === true && window.terminatedEarly };
    }
    this.trace.invocations.push(invocation);
    if (this.stopIndex === undefined && input.knobs.stopAfter(invocation)) this.stopIndex = meta.index;
    metrics.invoked += records.length;
    metrics.maxIteratorAgeMs = Math.max(metrics.maxIteratorAgeMs, iteratorAgeMs);
    const failed = classification.outcome === 'success' ? 0 : records.length - (classification.failureIndex ?? 0);
    metrics.failedInvoke += failed;
    if (!duplicate) batch.lastRequestId = requestId;
    const repeat = result.repeatable === true && input.knobs.fastForward && !duplicate && classification.outcome !== 'success'
      ? { key: fingerprint(invocation), elapsed, failed, invocation: repeatedPart(invocation), changes: this.changes }
      : undefined;
    return { classification, end: now + elapsed, requestId, index: meta.index, repeat };
  }

  // ── applying an outcome (SPEC §3.4) ──────────────────────────────────────────────────────────

  private apply(lane: Lane, batch: Batch, delivery: Delivery): void {
    const { classification, end } = delivery;
    const { outcome, failureIndex = 0 } = classification;
    if (outcome === 'success') {
      this.succeeded(lane, batch, batch.to, classification.response, end);
      lane.pending = null;
      this.progressed(lane, end);
      lane.time = end;
      return;
    }
    if (outcome === 'partial' && failureIndex > 0) {
      this.succeeded(lane, batch, batch.from + failureIndex, classification.response, end);
      batch.from += failureIndex;
      batch.reason = 'partial-suffix';
      lane.failures = 0;
      if (this.input.knobs.partialProgressResetsAttempts) {
        batch.attempts = 0;
        batch.invokes = 0;
        this.retryLater(lane, end);
        return;
      }
    }
    const functionError = outcome === 'function-error' || outcome === 'timeout';
    const bisect = this.input.mapping.BisectBatchOnFunctionError && !batch.final && batch.to - batch.from > 1
      && (functionError || (outcome === 'invalid-response' && this.input.knobs.bisectOnInvalidResponse));
    if (bisect) {
      this.bisect(lane, batch, end);
      this.retryLater(lane, end);
      return;
    }
    batch.attempts++;
    const limit = this.input.mapping.MaximumRetryAttempts;
    if (limit !== -1 && batch.attempts > limit) {
      this.discard(lane, batch.from, batch.to, 'RetryAttemptsExhausted', end, {
        approximateInvokeCount: batch.invokes,
        requestId: delivery.requestId,
        functionError: functionError ? 'Unhandled' : null,
      });
      if (batch.final) lane.tumbling = null;
      lane.pending = null;
      this.progressed(lane, end);
      lane.time = end;
      return;
    }
    if (batch.reason === 'first') batch.reason = 'retry';
    this.retryLater(lane, end);
    this.noteRepeat(batch, delivery);
  }

  // ── fast-forward: identical failures cost nothing ────────────────────────────────────────────

  /** After a failed attempt that will be retried: does it repeat the previous one, and may the next be skipped? */
  private noteRepeat(batch: Batch, delivery: Delivery): void {
    const seen = delivery.repeat;
    const previous = batch.repeat;
    if (seen === undefined) {
      batch.repeat = undefined;
    } else if (previous !== undefined && previous.key === seen.key && previous.from === batch.from && previous.to === batch.to) {
      previous.streak++;
      previous.budget = previous.streak;
      previous.changes = seen.changes;
      previous.entry = undefined;
    } else {
      batch.repeat = { ...seen, from: batch.from, to: batch.to, streak: 1, budget: 0, skipped: 0, entry: undefined };
    }
  }

  /**
   * Skips this attempt when it would repeat the last ones exactly: same records (none expired since),
   * not the attempt that exhausts the retries, and the invoker said a repeat changes nothing. It is
   * accounted as if it had run: request id, invoke count, IteratorAge, failed attempt and back-off.
   */
  private skipRepeat(lane: Lane, batch: Batch, sequenceNumbers: string[], now: number): boolean {
    const repeat = batch.repeat;
    if (repeat === undefined || repeat.budget <= 0 || repeat.from !== batch.from || repeat.to !== batch.to) return false;
    // another invocation may have changed what this one reads (a conditional write, an item it waits for): run it again
    if (repeat.changes !== this.changes) return false;
    const limit = this.input.mapping.MaximumRetryAttempts;
    if (limit !== -1 && batch.attempts + 1 > limit) return false;
    repeat.budget--;
    repeat.streak++;
    repeat.skipped++;
    const { data, metrics } = lane.shard;
    const requestId = this.ids.uuid();
    batch.invokes++;
    batch.lastRequestId = requestId;
    const iteratorAgeMs = batch.final || batch.to === batch.from ? 0 : now - data.arrivals[lane.members[batch.to - 1]!]!;
    metrics.invoked += sequenceNumbers.length;
    metrics.failedInvoke += repeat.failed;
    metrics.maxIteratorAgeMs = Math.max(metrics.maxIteratorAgeMs, iteratorAgeMs);
    this.recordSkipped(lane, batch, repeat, sequenceNumbers, now, requestId, iteratorAgeMs);
    batch.attempts++;
    const end = now + repeat.elapsed;
    lane.windowStart = end;
    this.retryLater(lane, end);
    return true;
  }

  /** Counts the skipped attempt in the trace: one entry per run of skipped attempts with nothing in between. */
  private recordSkipped(lane: Lane, batch: Batch, repeat: Repeat, sequenceNumbers: string[], now: number, requestId: string, iteratorAgeMs: number): void {
    const entry = repeat.entry;
    if (entry !== undefined && this.trace.events.at(-1) === entry && entry.invocationsBefore === this.trace.invocations.length) {
      entry.count++;
      entry.lastAt = now;
      entry.lastRequestId = requestId;
      entry.iteratorAgeMs = iteratorAgeMs;
      return;
    }
    const skipped: SkippedAttempts = {
      type: 'skipped', shardId: lane.shard.shardId, sequenceNumbers, count: 1, at: now, lastAt: now, firstAttempt: batch.invokes,
      failures: lane.failures, firstRequestId: requestId, lastRequestId: requestId, iteratorAgeMs,
      invocation: { ...repeat.invocation, reason: batch.reason },
    };
    if (lane.subStream !== undefined) skipped.subStream = lane.subStream;
    this.event(skipped);
    repeat.entry = this.trace.events.at(-1) as Repeat['entry'];
  }

  /**
   * Records up to `to` succeeded. Without windows they are committed. In a tumbling window they
   * only feed its state: the checkpoint moves when the window's final invocation succeeds.
   */
  private succeeded(lane: Lane, batch: Batch, to: number, response: unknown, at: number): void {
    const window = lane.tumbling;
    if (window === null) {
      this.commit(lane, batch.from, to, at);
    } else if (batch.final) {
      this.commit(lane, window.from, batch.to, at);
      lane.tumbling = null;
    } else {
      window.state = stateOf(response);
      if (stateBytes(window.state) > maxWindowStateBytes) window.terminatedEarly = true;
    }
  }

  private retryLater(lane: Lane, end: number): void {
    lane.failures++;
    lane.time = end + positiveDelay(this.input.knobs.retryBackoff(lane.failures), 'retryBackoff');
    const run = lane.shard;
    if (this.input.knobs.pfFailureScope === 'shard' && run.lanes.length > 1) run.blockedBy = lane;
  }

  /** Splits the failed batch; the left part is processed completely before the right. */
  private bisect(lane: Lane, batch: Batch, at: number): void {
    const size = batch.to - batch.from;
    const leftSize = this.input.knobs.bisectSplit === 'ceil' ? Math.ceil(size / 2) : Math.floor(size / 2);
    const reset = this.input.knobs.bisectResetsAttempts;
    const half = (from: number, to: number): Batch => ({
      from, to, attempts: reset ? 0 : batch.attempts, invokes: reset ? 0 : batch.invokes, reason: 'bisect',
      lastRequestId: batch.lastRequestId,
    });
    const left = half(batch.from, batch.from + leftSize);
    const right = half(batch.from + leftSize, batch.to);
    lane.stack.push(right);
    lane.pending = left;
    this.event({
      type: 'bisect', shardId: lane.shard.shardId, at,
      left: this.sequenceNumbersOf(lane, left), right: this.sequenceNumbersOf(lane, right),
    });
  }

  private commit(lane: Lane, from: number, to: number, at: number): void {
    const run = lane.shard;
    for (let p = from; p < to; p++) {
      const index = lane.members[p]!;
      if (run.status[index] === RecordState.Pending) run.status[index] = RecordState.Committed;
    }
    this.moveCheckpoint(run, at);
  }

  private discard(
    lane: Lane,
    from: number,
    to: number,
    condition: Discard['condition'],
    at: number,
    context: { approximateInvokeCount: number; requestId: string; functionError?: 'Unhandled' | null },
  ): void {
    const run = lane.shard;
    const indexes = Array.from(lane.members.subarray(from, to)).filter((index) => run.status[index] === RecordState.Pending);
    if (indexes.length === 0) return;
    for (const index of indexes) run.status[index] = RecordState.Discarded;
    const sequenceNumbers = indexes.map((i) => run.data.sequenceNumbers[i]!);
    this.trace.discards.push({ shardId: run.shardId, sequenceNumbers, condition, at });
    this.event({ type: 'discard', shardId: run.shardId, sequenceNumbers, condition, at });
    run.metrics.dropped += indexes.length;
    const { mapping, knobs, access } = this.input;
    const documented = condition !== 'RetentionExpired' || knobs.emitOnRetentionExpiry;
    if (mapping.OnFailure !== undefined && documented) {
      const documentCondition: Condition = condition === 'RetentionExpired' ? 'RecordAgeExceeded' : condition;
      const delivery = onFailureDelivery(
        mapping.OnFailure,
        { shard: run.data, indexes, condition: documentCondition, at, ...context },
        access, knobs.functionArn, knobs.mappingUuid, this.ids.uuid(),
      );
      this.trace.destinations.push(delivery);
      run.metrics.deliveredToDestination += indexes.length;
    }
    this.moveCheckpoint(run, at);
  }

  private moveCheckpoint(run: ShardRun, at: number): void {
    if (!run.advanceCheckpoint()) return;
    const sequenceNumber = run.data.sequenceNumbers[run.checkpointIndex]!;
    this.event({ type: 'checkpoint', shardId: run.shardId, sequenceNumber, at });
  }

  /** The lane's failing batch is resolved: reset back-off and let paused sub-streams go on. */
  private progressed(lane: Lane, at: number): void {
    lane.failures = 0;
    const run = lane.shard;
    if (run.blockedBy !== lane) return;
    run.blockedBy = null;
    for (const waiter of run.waiters.splice(0)) {
      waiter.waiting = false;
      waiter.time = Math.max(waiter.time, at);
      this.queue.push(waiter);
    }
  }

  private event(event: DistributiveOmit<TimelineEvent, 'invocationsBefore'>): void {
    this.trace.events.push({ ...event, invocationsBefore: this.trace.invocations.length } as TimelineEvent);
  }

  private duplicateDelivery(invocationIndex: number): boolean {
    const { duplicateDeliveryRate: rate, duplicateAfter } = this.input.knobs;
    return duplicateAfter(invocationIndex) || (rate > 0 && this.duplicates.next() < rate);
  }

  private sequenceNumbersOf(lane: Lane, batch: { from: number; to: number }): string[] {
    const all = lane.shard.data.sequenceNumbers;
    const out = new Array<string>(batch.to - batch.from);
    for (let i = 0; i < out.length; i++) out[i] = all[lane.members[batch.from + i]!]!;
    return out;
  }
}

/** What makes two failed attempts of one batch the same: Lambda's reading of them and how long they took. */
function fingerprint(invocation: InvocationRecord): string {
  const { outcome, failureIndex, error, response, durationMs } = invocation;
  return JSON.stringify([outcome, failureIndex ?? null, error ?? null, response === undefined ? null : [response], durationMs]);
}

function repeatedPart(invocation: InvocationRecord): SkippedAttempts['invocation'] {
  const { outcome, response, failureIndex, error, durationMs, reason, window } = invocation;
  const part: SkippedAttempts['invocation'] = { outcome, durationMs, reason };
  if ('response' in invocation) part.response = response;
  if (failureIndex !== undefined) part.failureIndex = failureIndex;
  if (error !== undefined) part.error = error;
  if (window !== undefined) part.window = window;
  return part;
}

function positiveDelay(ms: number, knob: string): number {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError(`knobs.${knob} must return a positive number of milliseconds, got ${ms}`);
  return ms;
}

/** FNV-1a: a stable hash of the ordering key picks the sub-stream, so one key always lands in one. */
function subStreamOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}
