/**
 * The flags left once those Node refused a thread are taken out: V8's and the process's own
 * (`--max-old-space-size`, `--stack-size`, `--title`), which a thread cannot take. They are in
 * force in this process already, started with the same flags; the thread keeps the rest (loaders,
 * conditions, `--import`). Undefined when the error is another, or names no flag it was given.
 */
export function withoutRefusedFlags(execArgv: string[], error: unknown): string[] | undefined {
  if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return undefined;
  // "Initiated Worker with invalid execArgv flags: --max-old-space-size=4096, --stack-size=2000"
  const refused = new Set(/flags: (.*)$/.exec((error as Error).message)?.[1]?.split(', '));
  const kept = execArgv.filter((flag) => !refused.has(flag));
  return kept.length < execArgv.length ? kept : undefined;
}
