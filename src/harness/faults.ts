/**
 * What can go wrong around a consumer (SPEC §4 fault schedules), applied by the harness at the
 * SDK's HTTP layer and by the model. Call indexes count the run's downstream operations (an SDK
 * send and its retries are one operation); invocation indexes count the run's invocations.
 */
/**
 * `timeout`: the server never answers. Nothing waits for it in real time: a client that set its own
 * timeout (a socket or request timeout) sees it fire at once, any other client sees the connection
 * fail with ETIMEDOUT. The request is not applied (as with a reset).
 */
export type DownstreamError = 'throttling' | 'server-error' | 'network-reset' | 'timeout';

export type CallFault =
  /** The first `attempts` attempts of the operation fail; more attempts than the SDK makes is a permanent failure. */
  | { kind: 'error'; call: number; error: DownstreamError; attempts: number }
  /**
   * A batch write reports these entries failed (UnprocessedItems, Failed, FailedEntryCount,
   * FailedRecordCount, FailedPutCount): on its first attempt, or on `every` attempt (a poison's entries).
   */
  | { kind: 'partial-batch'; call: number; failed: number[]; every?: true }
  /** Every attempt of every call whose input carries all these values (an item key) fails: a poison record. */
  | { kind: 'poison'; values: string[] };

export type InvocationFault =
  /** The invocation times out after this many downstream calls: later calls never happen. */
  | { kind: 'timeout-after-calls'; invocation: number; calls: number }
  /** The invocation runs in a fresh execution environment (new module state). */
  | { kind: 'cold-start'; invocation: number }
  /** The batch of this invocation is delivered again after it succeeds (a poller duplicate). */
  | { kind: 'duplicate-delivery'; invocation: number };

export interface FaultSchedule {
  calls: CallFault[];
  invocations: InvocationFault[];
  /** Concurrent downstream calls complete in an adversarial order drawn from `seed`. */
  reorder: boolean;
  seed: number;
  /**
   * Kinesis producer retries: the same data written again under a new sequence number. Each pick
   * chooses a record that is the last of its partition key in its shard (see generators/producer-retry.ts).
   */
  producerRetries?: number[];
}

export const noFaults: FaultSchedule = { calls: [], invocations: [], reorder: false, seed: 0 };
