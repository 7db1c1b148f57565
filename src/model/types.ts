import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { Knobs } from './knobs.js';
import type { MappingInput } from './mapping.js';
import type { Source } from '../core/source.js';

export type { Source };

/** A stream record exactly as Lambda delivers it. */
export type StreamRecord = DynamoDBRecord | KinesisStreamRecord;

/** One shard of the stream: its records in sequence order. */
export interface Shard<R extends StreamRecord = StreamRecord> {
  shardId: string;
  /** Set when this shard was created by a split: it is read only after its parent is fully processed. */
  parentShardId?: string;
  records: R[];
}

export type Outcome = 'success' | 'partial' | 'invalid-response' | 'function-error' | 'timeout';

/** The event Lambda passes to a stream consumer (window fields arrive with tumbling windows). */
export interface StreamEvent {
  Records: StreamRecord[];
  window?: { start: string; end: string };
  state?: unknown;
  shardId?: string;
  eventSourceARN?: string;
  isFinalInvokeForWindow?: boolean;
  isWindowTerminatedEarly?: boolean;
}

/** What the model tells an invoker about the invocation it asks for. */
export interface InvocationMeta {
  shardId: string;
  /** Virtual start time, epoch ms. */
  at: number;
  requestId: string;
  functionTimeoutMs: number;
  /** How long the invocation takes in virtual time (from `durationMs`). */
  durationMs: number;
  /** Index of this invocation in the trace. */
  index: number;
  /** 1-based attempt number of this batch since its retry budget was last reset. */
  attempt: number;
  /** Set when the poller delivers a batch a second time without any error. */
  duplicate: boolean;
  /**
   * Identical attempts of this batch the model skipped right before this one (fast-forward, see
   * HandlerResult.repeatable): an invoker that counts deliveries counts these too.
   */
  skippedBefore: number;
}

/** What an invoker may tell about an attempt besides its result. */
interface AttemptNotes {
  /**
   * Set when the attempt changed nothing outside the function (no downstream write took effect, no
   * fault was used up) and delivering the same event again would be handled the same way: the
   * model may then skip Lambda's identical retries in virtual time (recording them in the trace)
   * instead of running each one. Leave it unset when unsure.
   */
  repeatable?: boolean;
  /** Virtual time the handler itself took (its own sleeps and back-offs), in ms: added to `durationMs`. */
  durationMs?: number;
}

/** What happened when the function ran, before Lambda classified it. */
export type HandlerResult = AttemptNotes & (
  | { kind: 'return'; value: unknown }
  | { kind: 'throw'; error: unknown }
  | { kind: 'timeout'; reason?: string }
);

export type Invoker = (event: StreamEvent, meta: InvocationMeta) => HandlerResult | Promise<HandlerResult>;

export type StreamHandler = (event: any, context: any, callback?: (error?: unknown, result?: unknown) => void) => unknown;

export interface SimulateInput {
  source?: Source;
  mapping?: MappingInput;
  shards: Shard[];
  handler: StreamHandler;
  knobs?: Partial<Knobs>;
  /** When the mapping starts polling, epoch ms (default: the first record's arrival). */
  startTime?: number;
  /** Virtual time each invocation takes, in ms (default 0). */
  durationMs?: number | ((event: StreamEvent) => number);
  /** Invocations that take longer end as `timeout` (default 3000). */
  functionTimeoutMs?: number;
}

export interface InvocationRecord {
  shardId: string;
  sequenceNumbers: string[];
  outcome: Outcome;
  response?: unknown;
  /** Virtual start time, epoch ms. */
  at: number;
  durationMs: number;
  requestId: string;
  /** 1-based attempt of this batch since its retry budget was last reset. */
  attempt: number;
  /** Why this batch was sent: first delivery, a retry, a bisected half, the suffix after a partial response, or a poller duplicate. */
  reason: 'first' | 'retry' | 'bisect' | 'partial-suffix' | 'duplicate';
  /** Index of the lowest reported failure, for `partial`. */
  failureIndex?: number;
  /** Error message, for `function-error`, `timeout` and `invalid-response`. */
  error?: string;
  /** The thrown error with its `cause` chain and aggregated inner errors, when the handler threw (set by the harness). */
  thrown?: ErrorDetail;
  /** What the handler wrote to the console during this invocation, bounded (set by the harness). */
  output?: HandlerOutput;
  /** What work it did not await wrote after the invocation ended, until the next one (set by the harness). */
  outputAfter?: HandlerOutput;
  /**
   * Timers the handler left set when it returned, and when the first was due (set by the harness):
   * their work runs only if Lambda invokes the same environment again, as it thaws.
   */
  timersLeft?: { count: number; firstDueInMs: number };
  /**
   * Work the handler did not await (set by the harness): `calls` downstream calls made after the
   * invocation ended; `frozen` when a fault then froze the environment for good, stopping that
   * work (Lambda resumes it only if the environment is invoked again).
   */
  workLeft?: { calls: number; frozen?: true };
  /**
   * What ended the execution environment after this invocation, the last of its run, returned
   * (set by the harness), e.g. `Runtime.UnhandledPromiseRejection: Error: …`: Lambda fails the
   * next invocation with it. (Between invocations, the next one of the run fails with it.)
   */
  endedAfter?: string;
  /** Invocation time minus the arrival of the last record in the batch, ms. */
  iteratorAgeMs: number;
  /** Sub-stream index when ParallelizationFactor > 1. */
  subStream?: number;
  /** With tumbling windows: the window (epoch ms), and whether this was its final invocation. */
  window?: { start: number; end: number; final: boolean; terminatedEarly: boolean };
}

export type Condition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface OnFailureDocument {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: Condition;
    approximateInvokeCount: number;
  };
  responseContext?: {
    statusCode: number;
    executedVersion: string;
    functionError: 'Unhandled' | null;
  };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo?: BatchInfo;
  KinesisBatchInfo?: BatchInfo;
  payload?: { Records: StreamRecord[] };
}

export interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  approximateArrivalOfFirstRecord: string;
  approximateArrivalOfLastRecord: string;
  batchSize: number;
  streamArn: string;
}

export interface DestinationDelivery {
  type: 'sqs' | 'sns' | 's3';
  arn: string;
  document: OnFailureDocument;
  s3Key?: string;
}

/** Records the mapping gave up on, whether or not a destination was configured. */
export interface Discard {
  shardId: string;
  sequenceNumbers: string[];
  condition: Condition | 'RetentionExpired';
  at: number;
}

/**
 * A moment of the timeline that is not an invocation. `invocationsBefore` places it among the
 * invocations: it happened after that many had started (and before the next one).
 */
export type TimelineEvent = { invocationsBefore: number } & (
  | { type: 'checkpoint'; shardId: string; sequenceNumber: string; at: number }
  | { type: 'bisect'; shardId: string; left: string[]; right: string[]; at: number }
  | { type: 'throttle'; shardId: string; sequenceNumbers: string[]; at: number }
  | { type: 'discard'; shardId: string; sequenceNumbers: string[]; condition: Discard['condition']; at: number }
  | SkippedAttempts
);

/**
 * Identical attempts the model did not run (fast-forward): the batch kept failing the same way and
 * the invoker said a repeat would change nothing, so these retries were accounted (invoke counts,
 * IteratorAge, request ids, back-off) without invoking the function. Each would have been an
 * invocation like `invocation` below, started at `at`, then after each back-off, until `lastAt`.
 */
export interface SkippedAttempts {
  type: 'skipped';
  shardId: string;
  subStream?: number;
  sequenceNumbers: string[];
  /** How many attempts were skipped. */
  count: number;
  /** Start of the first and of the last skipped attempt, epoch ms. */
  at: number;
  lastAt: number;
  /** `attempt` of the first skipped invocation (the others follow one by one). */
  firstAttempt: number;
  /** Consecutive failures of the lane before the first skipped attempt: attempt k is followed by knobs.retryBackoff(failures + k). */
  failures: number;
  firstRequestId: string;
  lastRequestId: string;
  /** IteratorAge of the last skipped attempt (the largest), ms. */
  iteratorAgeMs: number;
  /** What each skipped invocation would have recorded (it repeated the last one run). */
  invocation: Pick<InvocationRecord, 'outcome' | 'response' | 'failureIndex' | 'error' | 'durationMs' | 'reason' | 'window'>;
}

export interface ShardMetrics {
  polled: number;
  filteredOut: number;
  invoked: number;
  failedInvoke: number;
  dropped: number;
  deliveredToDestination: number;
  throttles: number;
  /** Records that were gone before the mapping could read them (LATEST start or retention). */
  skipped: number;
  maxIteratorAgeMs: number;
}

export interface Trace {
  invocations: InvocationRecord[];
  destinations: DestinationDelivery[];
  /** Shard id → last committed sequence number (or null when nothing was committed). */
  checkpoints: Record<string, string | null>;
  discards: Discard[];
  events: TimelineEvent[];
  metrics: Record<string, ShardMetrics>;
  /** Virtual time when the last shard finished, epoch ms. */
  endTime: number;
}

/** A thrown value as plain data: name and message, its `cause`, and the errors it aggregates. */
export interface ErrorDetail {
  name: string;
  message: string;
  cause?: ErrorDetail;
  /** `AggregateError.errors`, Powertools' `FullBatchFailureError.recordErrors`, … */
  errors?: ErrorDetail[];
  /** Inner errors left out of `errors` (the list is bounded). */
  moreErrors?: number;
}

/** The console output of one invocation: its first lines, and how many lines were left out. */
export interface HandlerOutput {
  lines: string[];
  cutLines: number;
  /** Written by an invocation whose loop was stopped: how many lines it wrote depends on when, so `cutLines` is not told. */
  stopped?: true;
}
