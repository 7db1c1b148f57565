import type { InvocationRecord } from './types.js';

/**
 * Behaviour AWS leaves undocumented, as named settings (SPEC §3). Each default is the best
 * available evidence; see ../shared/background/esm-semantics.md Part D.
 */
export interface Knobs {
  /** Progress from a partial response gives the remaining records a fresh retry budget (AWS-observed). */
  partialProgressResetsAttempts: boolean;
  /** Which half of an odd batch is larger: `ceil` gives the left half ⌈n/2⌉. */
  bisectSplit: 'ceil' | 'floor';
  /** Each bisected half starts with a fresh retry budget. */
  bisectResetsAttempts: boolean;
  /** An invalid partial response bisects like a function error. */
  bisectOnInvalidResponse: boolean;
  /** With ParallelizationFactor > 1, whether a failing sub-stream pauses only itself or the whole shard. */
  pfFailureScope: 'subStream' | 'shard';
  /** Virtual delay before the n-th consecutive retry of a batch (n from 1), ms. */
  retryBackoff: (retry: number) => number;
  /** Virtual delay before retrying a throttled invocation (n from 1), ms. */
  throttleBackoff: (throttle: number) => number;
  /** Whether the function could not be started for this invocation (a throttle): retried without counting as an attempt. */
  throttle: (info: { shardId: string; sequenceNumbers: readonly string[]; at: number; throttles: number }) => boolean;
  /** Probability that a batch is delivered a second time without any error (poller duplicate). */
  duplicateDeliveryRate: number;
  /** Invocations (by index in the trace) whose batch is delivered again after it succeeds: scheduled poller duplicates. */
  duplicateAfter: (invocationIndex: number) => boolean;
  /**
   * Ends the simulation once Lambda has acted on the outcome of the first invocation for which this
   * says true (its checkpoint, retry or destination): the trace as it stands then. For a run judged
   * by its first invocation of a kind.
   */
  stopAfter: (invocation: InvocationRecord) => boolean;
  /** Stream retention, hours: DynamoDB Streams keep records 24 h; Kinesis 24 h by default, up to 8,760. */
  retentionHours: number;
  /** Whether records trimmed by retention while the mapping still needed them produce an OnFailure document (`RecordAgeExceeded`). */
  emitOnRetentionExpiry: boolean;
  /**
   * Skip identical retries in virtual time when the invoker says an attempt was repeatable (see
   * HandlerResult.repeatable); false runs every attempt (to compare, or to debug).
   */
  fastForward: boolean;
  /**
   * For `simulate()` with an in-process handler: the handler is a pure function of its event (no
   * side effects, no clock, randomness or module state deciding its outcome), so the model may
   * fast-forward its identical failures. Off by default: the model cannot tell by itself.
   */
  repeatableHandler: boolean;
  /** Seed for request ids, UUIDs and duplicate deliveries. */
  seed: number;
  /** Identity used in OnFailure documents and the Lambda context. */
  functionArn: string;
  mappingUuid: string;
}

export const defaultRetryBackoff = (retry: number): number => Math.min(500 * 2 ** (retry - 1), 60_000);

export const defaultKnobs: Knobs = {
  partialProgressResetsAttempts: true,
  bisectSplit: 'ceil',
  bisectResetsAttempts: true,
  bisectOnInvalidResponse: false,
  pfFailureScope: 'subStream',
  retryBackoff: defaultRetryBackoff,
  throttleBackoff: defaultRetryBackoff,
  throttle: () => false,
  duplicateDeliveryRate: 0,
  duplicateAfter: () => false,
  stopAfter: () => false,
  retentionHours: 24,
  emitOnRetentionExpiry: true,
  fastForward: true,
  repeatableHandler: false,
  seed: 0,
  functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:stream-consumer',
  mappingUuid: '6b7c2c3e-5f0a-4e7b-9d1a-0c3f2e1d4b5a',
};

export function resolveKnobs(partial: Partial<Knobs> | undefined): Knobs {
  const knobs = { ...defaultKnobs, ...partial };
  if (!(knobs.duplicateDeliveryRate >= 0 && knobs.duplicateDeliveryRate <= 1)) {
    throw new RangeError(`knobs.duplicateDeliveryRate must be between 0 and 1, got ${knobs.duplicateDeliveryRate}`);
  }
  if (!(knobs.retentionHours > 0)) throw new RangeError(`knobs.retentionHours must be positive, got ${knobs.retentionHours}`);
  return knobs;
}
