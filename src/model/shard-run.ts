import type { Scheduled } from './lane-queue.js';
import type { PreparedShard } from './prepare.js';
import type { Classification } from './classify.js';
import type { OpenWindow } from './tumbling-window.js';
import type { InvocationRecord, ShardMetrics, SkippedAttempts, TimelineEvent } from './types.js';

/** One delivery of a batch and what Lambda made of it. */
export interface Delivery {
  classification: Classification;
  end: number;
  requestId: string;
  /** Index of the invocation in the trace. */
  index: number;
  /** Set when the invoker said the attempt was repeatable: what an identical attempt looks like. */
  repeat: {
    key: string;
    elapsed: number;
    failed: number;
    invocation: SkippedAttempts['invocation'];
    /** The engine's count of invocations that may have changed something, when this one ended. */
    changes: number;
  } | undefined;
}

/**
 * A batch failing the same way, attempt after attempt, with an invoker that says each attempt was
 * repeatable: identical attempts are skipped, as many as have repeated so far (so attempts run for
 * real at 1, 2, 5, 11, 23, …: a handler that changes its mind is noticed within a doubling).
 */
export interface Repeat extends NonNullable<Delivery['repeat']> {
  /** The batch's records when it was last run (expiry or partial progress change them). */
  from: number;
  to: number;
  /** Identical attempts in a row, run or skipped. */
  streak: number;
  /** Attempts that may still be skipped before the next one runs. */
  budget: number;
  /** Attempts skipped since the last one run. */
  skipped: number;
  /** The trace entry the skipped attempts are counted in, while nothing else happens in between. */
  entry: Extract<TimelineEvent, { type: 'skipped' }> | undefined;
}

export const RecordState = {
  Pending: 0,
  Committed: 1,
  Discarded: 2,
  /** Gone before the mapping could read it: before a LATEST/AT_TIMESTAMP start, or trimmed by retention. */
  Skipped: 3,
  /** Rejected by FilterCriteria: never delivered, and the checkpoint moves past it. */
  Filtered: 4,
} as const;

/** A contiguous run of a lane's records, as positions in `lane.members`. */
export interface Batch {
  from: number;
  to: number;
  /** Failed attempts since the retry budget was last reset. */
  attempts: number;
  /** Invocations since the retry budget was last reset (approximateInvokeCount). */
  invokes: number;
  reason: InvocationRecord['reason'];
  lastRequestId: string | undefined;
  /** The final invocation of a tumbling window: it carries no records; `from`–`to` are the window's. */
  final?: boolean;
  /** Identical failures so far, when they may be fast-forwarded. */
  repeat?: Repeat;
}

/**
 * What the mapping reads as one ordered stream: a whole shard, or one of its
 * ParallelizationFactor sub-streams. At most one batch of a lane is in flight.
 */
export class Lane implements Scheduled {
  time: number;
  pending: Batch | null = null;
  /** Right halves of bisected batches, processed after the left (top of stack next). */
  readonly stack: Batch[] = [];
  /** Next position not yet taken into a batch. */
  pos = 0;
  /** End of the previous invocation: the batching window counts from here. */
  windowStart: number;
  /** Records scanned so far for the batch being formed under a batching window. */
  formingCount = 0;
  formingBytes = 0;
  /** Whether formingBytes is exact (else it is a bound from string lengths, at least the exact size). */
  formingExact = false;
  /** Consecutive failed invocations since the last progress: drives the retry back-off. */
  failures = 0;
  throttles = 0;
  done = false;
  waiting = false;
  /** The invocation under way: its outcome is applied when it ends, in virtual time. */
  inFlight: { batch: Batch; delivery: Delivery; sequenceNumbers: string[]; duplicate: boolean; stateBefore: unknown; tries: number } | null = null;
  /** A poller duplicate that failed, to be sent again (the checkpoint is already past it). */
  duplicateRetry: { batch: Batch; sequenceNumbers: string[]; stateBefore: unknown; tries: number } | null = null;
  /** With TumblingWindowInSeconds: the window being aggregated. */
  tumbling: OpenWindow | null = null;

  constructor(
    readonly shard: ShardRun,
    /** Shard record indexes of this lane's records, in order. */
    readonly members: Int32Array,
    readonly subStream: number | undefined,
    readonly order: number,
    at: number,
  ) {
    this.time = at;
    this.windowStart = at;
  }

  get idle(): boolean {
    return this.pending === null && this.stack.length === 0;
  }
}

export class ShardRun {
  readonly status: Uint8Array;
  readonly children: ShardRun[] = [];
  lanes: Lane[] = [];
  openLanes = 0;
  /** Records from the start of the shard that are final (committed, discarded or skipped). */
  finalPrefix = 0;
  /** Index of the last committed or discarded record within the final prefix. */
  checkpointIndex = -1;
  /** With pfFailureScope 'shard': the sub-stream whose failing batch pauses the others. */
  blockedBy: Lane | null = null;
  readonly waiters: Lane[] = [];
  activated = false;
  finishedAt: number | undefined;
  readonly metrics: ShardMetrics = {
    polled: 0,
    filteredOut: 0,
    invoked: 0,
    failedInvoke: 0,
    dropped: 0,
    deliveredToDestination: 0,
    throttles: 0,
    skipped: 0,
    maxIteratorAgeMs: 0,
  };

  parent: ShardRun | undefined;

  constructor(readonly data: PreparedShard) {
    this.status = new Uint8Array(data.records.length);
  }

  get shardId(): string {
    return this.data.shardId;
  }

  /** Moves the checkpoint over every record that has become final; returns whether it moved. */
  advanceCheckpoint(): boolean {
    const { status } = this;
    const before = this.checkpointIndex;
    while (this.finalPrefix < status.length && status[this.finalPrefix] !== RecordState.Pending) {
      if (status[this.finalPrefix] !== RecordState.Skipped) this.checkpointIndex = this.finalPrefix;
      this.finalPrefix++;
    }
    return this.checkpointIndex !== before;
  }
}
