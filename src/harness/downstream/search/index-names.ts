import { SearchFailure } from './search-error.js';

/**
 * Index name rules (https://www.elastic.co/guide/en/elasticsearch/reference/current/indices-create-index.html#indices-create-api-path-params):
 * lowercase, no `\ / * ? " < > | , #` or space, not starting with `-`, `_` or `+`, not `.` or `..`, at most 255 bytes.
 */
export function checkIndexName(name: string): void {
  const problem = indexNameProblem(name);
  if (problem !== undefined) {
    throw new SearchFailure({ status: 400, type: 'invalid_index_name_exception', reason: `Invalid index name [${name}], ${problem}`, extra: { index_uuid: '_na_', index: name } });
  }
}

function indexNameProblem(name: string): string | undefined {
  if (name !== name.toLowerCase()) return 'must be lowercase';
  if (/[\\/*?"<>| ,#]/.test(name)) return 'must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]';
  if (/^[-_+]/.test(name)) return 'must not start with \'_\', \'-\', or \'+\'';
  if (name === '.' || name === '..') return 'must not be \'.\' or \'..\'';
  if (Buffer.byteLength(name) > 255) return 'index name is too long, (' + Buffer.byteLength(name) + ' > 255)';
  return undefined;
}

/** Document ids are at most 512 bytes (IndexRequest validation). */
export function idProblem(id: string): string | undefined {
  const bytes = Buffer.byteLength(id);
  return bytes > 512 ? `id [${id}] is too long, must be no longer than 512 bytes but was: ${bytes}` : undefined;
}
