/**
 * What this process has open for checks: worker threads not yet ended and embedded DynamoDB
 * instances not yet closed. A check returns with both back where they were (see check.ts).
 */
export const live = { workers: 0, dynamodbs: 0 };
