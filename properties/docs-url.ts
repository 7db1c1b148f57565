/** The project's repository (package.json `repository`); a test keeps the two in step. */
export const REPOSITORY_URL = 'https://github.com/stream-conformance/stream-conformance';

/** Where a rule's documentation lives inside the package (shipped in `files`). */
export function ruleDocsFile(id: string): string {
  return `docs/rules/${id}.md`;
}

/** A rule's documentation on GitHub: what it means, the failure it prevents, a wrong and a right handler, how to read its counterexample. */
export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/${ruleDocsFile(id)}`;
}

/** The same page offline, in a project that installed the package. */
export function ruleDocsLocalPath(id: string): string {
  return `node_modules/stream-conformance/${ruleDocsFile(id)}`;
}
