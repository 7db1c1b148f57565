import type { ErrorDetail, InvocationRecord, Trace } from '../model/types.js';

/** What one invocation of the handler said: its error (with causes and inner errors) and its console output. */
export interface InvocationOutput {
  /** 1-based, as in the timeline. */
  invocation: number;
  outcome: string;
  error?: ErrorDetail;
  console?: string[];
}

/** Marks, in an invocation's console lines, where what work it did not await wrote after it ended begins. */
export const AFTER_END = '── after the invocation ended (work it did not await) ──';

/** At most this many invocations are described (the first ones that said something). */
const MAX_INVOCATIONS = 6;

/** The invocations of a trace that threw or wrote to the console (reporters write them). */
export function handlerOutputs(trace: Trace): InvocationOutput[] {
  return trace.invocations
    .map((inv, index) => outputOf(inv, index))
    .filter((o): o is InvocationOutput => o !== undefined)
    .slice(0, MAX_INVOCATIONS);
}

function outputOf(inv: InvocationRecord, index: number): InvocationOutput | undefined {
  if (inv.thrown === undefined && inv.output === undefined && inv.outputAfter === undefined) return undefined;
  const out: InvocationOutput = { invocation: index + 1, outcome: inv.outcome };
  if (inv.thrown) out.error = inv.thrown;
  if (inv.output) {
    out.console = [...inv.output.lines];
    if (inv.output.cutLines > 0) out.console.push(inv.output.stopped ? '… more lines not kept, until the loop was stopped' : `… ${inv.output.cutLines} more line(s) not kept`);
  }
  if (inv.outputAfter) {
    const after = inv.outputAfter;
    out.console = [...(out.console ?? []), AFTER_END, ...after.lines, ...(after.cutLines > 0 ? [`… ${after.cutLines} more line(s) not kept`] : [])];
  }
  return out;
}
