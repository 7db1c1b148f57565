import { groupEndedAfterRun } from '../harness/index.js';

/** A case rule that held: the message names how many generated cases it held in. */
export function heldMessage(cases: number): string {
  return `held in ${cases} generated case(s)`;
}

/**
 * The warnings a report shows, each once: a note said in a short form early in a check (`… timeout
 * in real time (…)`) and in a longer one later (`… timeout in real time (…): after the first time, …`)
 * is shown in its longer form only, and what several runs' last invocations raised after returning
 * is one warning per kind.
 */
export function reportWarnings(warnings: Iterable<string>): string[] {
  const all = [...new Set(warnings)];
  return groupEndedAfterRun(all.filter((warning) => !all.some((other) => other !== warning && other.startsWith(`${warning}:`))));
}
