/**
 * What a run's last invocation raised after it returned (an unhandled rejection of work it did not
 * await, an uncaught exception in a timer, an exit): no invocation of the run reports it, so the
 * report warns of it. Many runs raise it, each with its own error: the report shows them as one
 * warning per kind of ending.
 */
import type { Ending } from './worker/environment-end.js';

const lead = "the handler's last invocation of the run returned, then raised ";
const consequence = 'in Lambda this ends the execution environment, and the next invocation fails with it';
/** Errors named in a grouped warning; the rest are counted. */
const shown = 3;

export function endedAfterRunWarning(ending: Ending): string {
  return `${lead}${ending.name}: ${trimStop(ending.message)}; ${consequence}`;
}

/** Such warnings of one kind of ending, in several runs, become one naming their errors; other warnings keep their place. */
export function groupEndedAfterRun(warnings: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const warning of warnings) {
    const parsed = parse(warning);
    if (parsed) groups.set(parsed.name, [...(groups.get(parsed.name) ?? []), parsed.error]);
  }
  const out: string[] = [];
  for (const warning of warnings) {
    const parsed = parse(warning);
    if (!parsed) out.push(warning);
    else if (groups.get(parsed.name)!.length === 1) out.push(warning);
    else if (groups.get(parsed.name)![0] === parsed.error) out.push(grouped(parsed.name, groups.get(parsed.name)!));
  }
  return out;
}

function grouped(name: string, errors: string[]): string {
  const listed = errors.slice(0, shown).map(firstSentence);
  const more = errors.length > shown ? `; and ${errors.length - shown} more` : '';
  return `in several runs the handler's last invocation returned, then raised ${name}, with ${errors.length} different errors (${listed.join('; ')}${more}); ${consequence}`;
}

function parse(warning: string): { name: string; error: string } | undefined {
  if (!warning.startsWith(lead) || !warning.endsWith(`; ${consequence}`)) return undefined;
  const ending = warning.slice(lead.length, -consequence.length - 2);
  const colon = ending.indexOf(': ');
  return colon < 0 ? undefined : { name: ending.slice(0, colon), error: ending.slice(colon + 2) };
}

function trimStop(text: string): string {
  return text.replace(/\.+$/, '');
}

/** An SDK error's message often runs on with advice (`… exceeded. Consider increasing …`): its first sentence names it. */
function firstSentence(text: string): string {
  const stop = text.indexOf('. ');
  return stop < 0 ? text : text.slice(0, stop);
}
