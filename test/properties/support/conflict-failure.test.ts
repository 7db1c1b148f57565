import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../src/harness/index.js';
import type { InvocationRecord } from '../../../src/model/types.js';
import { conflictTakenForFailure } from '../../../properties/support/conflict-failure.js';
import { call, invocation, run } from '../rule-tester.js';

const bulk = (fields: Partial<RecordedCall> = {}) => call({ service: 'search', operation: 'bulk', input: { body: [] }, ...fields });
const refused = (conflicts: number, fields: Partial<RecordedCall> = {}) => bulk({ statusCode: 409, outcome: 'error', conflicts, ...fields });

describe('conflictTakenForFailure', () => {
  it.each([
    { what: 'a failed batch whose only error was a version conflict', outcome: 'function-error', calls: [bulk({ call: 0 }), refused(2, { call: 1 })], conflicts: 2 },
    { what: 'a partial answer after a version conflict', outcome: 'partial', calls: [refused(1)], conflicts: 1 },
    { what: 'a success', outcome: 'success', calls: [refused(1)], conflicts: undefined },
    { what: 'a failed batch with another failed call', outcome: 'function-error', calls: [refused(1, { call: 0 }), bulk({ call: 1, statusCode: 500, outcome: 'error' })], conflicts: undefined },
    { what: 'a failed batch with an injected fault', outcome: 'function-error', calls: [refused(1, { fault: 'throttling' })], conflicts: undefined },
    { what: 'a failed batch with no conflict', outcome: 'function-error', calls: [bulk()], conflicts: undefined },
  ] as { what: string; outcome: InvocationRecord['outcome']; calls: RecordedCall[]; conflicts?: number }[])('$what', ({ outcome, calls, conflicts }) => {
    const inv = invocation({ outcome });
    const found = conflictTakenForFailure(run({ invocations: [inv], calls }));
    expect(found).toEqual(conflicts === undefined ? undefined : { invocation: inv, conflicts });
  });

  it('gives the first such invocation', () => {
    const [first, second] = [invocation({ outcome: 'function-error', requestId: 'r-1' }), invocation({ outcome: 'function-error', requestId: 'r-2' })];
    const found = conflictTakenForFailure(run({ invocations: [first, second], calls: [refused(1, { invocation: 1 })] }));
    expect(found).toEqual({ invocation: second, conflicts: 1 });
  });
});
