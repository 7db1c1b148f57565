import fc from 'fast-check';
import type { CallFault, DownstreamError, FaultSchedule, InvocationFault } from '../src/harness/index.js';

export interface FaultScheduleOptions {
  /** Call indexes faults may target: 0 .. maxCall (default 12). */
  maxCall?: number;
  /** Invocation indexes faults may target: 0 .. maxInvocation (default 8). */
  maxInvocation?: number;
  /** At most this many call faults (default 5: more chances to hit the call a bug hinges on). */
  maxCallFaults?: number;
  /** At most this many invocation faults (default 2). */
  maxInvocationFaults?: number;
  /** Leave out fault kinds, e.g. to keep a reference run's faults apart. */
  kinds?: Partial<Record<CallFault['kind'] | InvocationFault['kind'] | 'reorder', boolean>>;
  /** Add Kinesis producer retries (duplicate data under new sequence numbers); default false. */
  producerRetries?: boolean;
}

const downstreamError: fc.Arbitrary<DownstreamError> = fc.constantFrom('throttling', 'server-error', 'network-reset', 'timeout');

/** Transient (the SDK's own retries get through) far more often than permanent (every attempt fails). */
const attempts = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 2 }) }, { weight: 2, arbitrary: fc.constant(99) });

export function callFault(maxCall = 12): fc.Arbitrary<CallFault> {
  // most runs make few calls: aim at the first ones more often, so that faults land
  const call = fc.oneof({ weight: 3, arbitrary: fc.nat({ max: Math.min(3, maxCall) }) }, fc.nat({ max: maxCall }));
  return fc.oneof(
    fc.record({ kind: fc.constant('error' as const), call, error: downstreamError, attempts }),
    fc.record({ kind: fc.constant('partial-batch' as const), call, failed: fc.uniqueArray(fc.nat({ max: 4 }), { minLength: 1, maxLength: 3 }) }),
  );
}

export function invocationFault(maxInvocation = 8): fc.Arbitrary<InvocationFault> {
  const invocation = fc.nat({ max: maxInvocation });
  return fc.oneof(
    fc.record({ kind: fc.constant('timeout-after-calls' as const), invocation, calls: fc.nat({ max: 5 }) }),
    fc.record({ kind: fc.constant('cold-start' as const), invocation }),
    fc.record({ kind: fc.constant('duplicate-delivery' as const), invocation }),
  );
}

/** Fault schedules (SPEC §4): they shrink toward no faults, in-order completion and seed 0. */
export function faultSchedule(options: FaultScheduleOptions = {}): fc.Arbitrary<FaultSchedule> {
  const kinds = options.kinds ?? {};
  const allowed = <T extends { kind: string }>(f: T) => kinds[f.kind as keyof typeof kinds] !== false;
  const schedule = fc.record({
    calls: fc.array(callFault(options.maxCall).filter(allowed), { maxLength: options.maxCallFaults ?? 5 }),
    invocations: fc.array(invocationFault(options.maxInvocation).filter(allowed), { maxLength: options.maxInvocationFaults ?? 2 }),
    reorder: kinds.reorder === false ? fc.constant(false) : fc.boolean(),
    seed: fc.nat(),
  });
  if (options.producerRetries !== true) return schedule;
  return fc.record({ schedule, producerRetries: fc.array(fc.nat({ max: 15 }), { maxLength: 2 }) }).map(({ schedule: s, producerRetries }) =>
    producerRetries.length === 0 ? s : { ...s, producerRetries });
}
