import { describe, expect, it } from 'vitest';
import { handlerOutputs } from '../../src/judge/handler-output.js';
import type { InvocationRecord, Trace } from '../../src/model/types.js';

const invocation = (fields: Partial<InvocationRecord>): InvocationRecord =>
  ({ shardId: 's', sequenceNumbers: ['1'], outcome: 'success', at: 0, durationMs: 1, requestId: 'r', attempt: 1, reason: 'first', iteratorAgeMs: 0, ...fields }) as InvocationRecord;
const trace = (invocations: InvocationRecord[]) => ({ invocations }) as unknown as Trace;
const boom = { name: 'Error', message: 'boom', cause: { name: 'TypeError', message: 'x is undefined' } };

describe('handlerOutputs', () => {
  it('describes the invocations that threw or wrote to the console, numbered from 1', () => {
    const outputs = handlerOutputs(trace([
      invocation({}),
      invocation({ outcome: 'function-error', thrown: boom }),
      invocation({ output: { lines: ['hello'], cutLines: 0 } } as Partial<InvocationRecord>),
    ]));
    expect(outputs).toEqual([
      { invocation: 2, outcome: 'function-error', error: boom },
      { invocation: 3, outcome: 'success', console: ['hello'] },
    ]);
  });

  it('says how many console lines were not kept', () => {
    const [output] = handlerOutputs(trace([invocation({ output: { lines: ['a'], cutLines: 3 } } as Partial<InvocationRecord>)]));
    expect(output!.console).toEqual(['a', '… 3 more line(s) not kept']);
  });

  it('does not count the lines a stopped loop wrote past the limit: how many depends on when it was stopped', () => {
    const [output] = handlerOutputs(trace([invocation({ outcome: 'timeout', output: { lines: ['a'], cutLines: 3, stopped: true } } as Partial<InvocationRecord>)]));
    expect(output!.console).toEqual(['a', '… more lines not kept, until the loop was stopped']);
  });

  it('keeps the first six invocations that said something', () => {
    const noisy = Array.from({ length: 9 }, () => invocation({ outcome: 'function-error', thrown: boom }));
    expect(handlerOutputs(trace([invocation({}), ...noisy])).map((o) => o.invocation)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('is empty for a quiet trace', () => {
    expect(handlerOutputs(trace([invocation({}), invocation({ outcome: 'partial' })]))).toEqual([]);
  });
});
