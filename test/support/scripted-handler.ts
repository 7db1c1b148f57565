import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import type { StreamEvent } from '../../src/model/types.js';

/** What the function does on one invocation. */
export type Step =
  | { kind: 'ok' }
  | { kind: 'throw' }
  | { kind: 'timeout' }
  | { kind: 'invalid' }
  | { kind: 'partial'; at: number };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Step>({ kind: 'ok' }) },
  fc.constant<Step>({ kind: 'throw' }),
  fc.constant<Step>({ kind: 'timeout' }),
  fc.constant<Step>({ kind: 'invalid' }),
  { weight: 2, arbitrary: fc.double({ min: 0, max: 0.999, noNaN: true }).map<Step>((at) => ({ kind: 'partial', at })) },
);

/**
 * A handler that follows a script, one step per invocation, then succeeds. Timeouts are made
 * through `durationMs`, which the model asks right before each invocation.
 */
export function scripted(steps: readonly Step[]) {
  let next = 0;
  let current: Step = { kind: 'ok' };
  return {
    functionTimeoutMs: 1000,
    durationMs: (): number => {
      current = steps[next++] ?? { kind: 'ok' };
      return current.kind === 'timeout' ? 2000 : 10;
    },
    handler: (event: StreamEvent): unknown => {
      const records = event.Records as DynamoDBRecord[];
      switch (current.kind) {
        case 'throw':
          throw new Error('scripted failure');
        case 'invalid':
          return { batchItemFailures: [{ itemIdentifier: records[0]!.eventID }] };
        case 'partial':
          return { batchItemFailures: [{ itemIdentifier: records[Math.floor(current.at * records.length)]!.dynamodb!.SequenceNumber }] };
        default:
          return { batchItemFailures: [] };
      }
    },
  };
}
