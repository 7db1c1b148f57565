import type { InvocationRecord } from '../../src/model/types.js';

/** The records an invocation acknowledged: every one of a success, those before the lowest reported failure of a partial response, none otherwise. */
export function acknowledgedRecords(invocation: InvocationRecord): readonly string[] {
  if (invocation.outcome === 'success') return invocation.sequenceNumbers;
  if (invocation.outcome === 'partial') return invocation.sequenceNumbers.slice(0, invocation.failureIndex);
  return [];
}
