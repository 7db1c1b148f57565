/** A case rule that held: the message names how many generated cases it held in. */
export function heldMessage(cases: number): string {
  return `held in ${cases} generated case(s)`;
}
