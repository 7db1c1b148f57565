import { describe, expect, it } from 'vitest';
import { SearchFailure } from '../../../../src/harness/downstream/search/search-error.js';
import { checkIndexName, idProblem } from '../../../../src/harness/downstream/search/index-names.js';

/**
 * Index name rules (https://www.elastic.co/guide/en/elasticsearch/reference/current/indices-create-index.html#indices-create-api-path-params):
 * lowercase only; none of \ / * ? " < > | , # or space; not starting with -, _ or +; not . or ..;
 * at most 255 bytes. Document ids are at most 512 bytes.
 */
function reason(name: string): string | undefined {
  try {
    checkIndexName(name);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(SearchFailure);
    const { error } = err as SearchFailure;
    expect(error).toMatchObject({ status: 400, type: 'invalid_index_name_exception', extra: { index_uuid: '_na_', index: name } });
    return error.reason;
  }
}

describe('checkIndexName', () => {
  it.each(['orders', 'orders-2024.01', 'a+b', '.hidden', 'ä-index', 'x'.repeat(255)])('accepts valid name #%#', (name) => {
    expect(reason(name)).toBeUndefined();
  });

  it.each([
    ['Orders', 'Invalid index name [Orders], must be lowercase'],
    ['a b', 'must not contain the following characters'],
    ...['\\', '/', '*', '?', '"', '<', '>', '|', ',', '#'].map((c) => [`a${c}b`, 'must not contain the following characters']),
    ['-orders', "must not start with '_', '-', or '+'"],
    ['_orders', "must not start with '_', '-', or '+'"],
    ['+orders', "must not start with '_', '-', or '+'"],
    ['.', "must not be '.' or '..'"],
    ['..', "must not be '.' or '..'"],
    ['x'.repeat(256), 'index name is too long, (256 > 255)'],
    ['é'.repeat(128), 'index name is too long, (256 > 255)'],
  ].map(([name, message]) => [name!.length > 20 ? `${name!.slice(0, 3)}… (${name!.length} characters)` : name!, name!, message!]))('refuses %s', (_label, name, message) => {
    expect(reason(name)).toContain(message);
  });
});

describe('idProblem', () => {
  it('allows 512 bytes and refuses more, counting UTF-8 bytes', () => {
    expect(idProblem('x'.repeat(512))).toBeUndefined();
    expect(idProblem('x'.repeat(513))).toBe(`id [${'x'.repeat(513)}] is too long, must be no longer than 512 bytes but was: 513`);
    expect(idProblem('é'.repeat(257))).toContain('but was: 514');
  });
});
