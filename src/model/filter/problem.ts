/** A pattern problem found while validating; `field` is the dotted path inside the pattern. */
export class PatternProblem extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'PatternProblem';
  }
}

/**
 * One-line JSON of a user value, cut short so a message stays readable. Numbers JSON cannot hold
 * (a pattern's 1e999 parses to Infinity) are written as such, not as JSON's `null`.
 */
export function shown(value: unknown, max = 60): string {
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
