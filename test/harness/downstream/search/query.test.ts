import { describe, expect, it } from 'vitest';
import { SearchFailure } from '../../../../src/harness/downstream/search/search-error.js';
import { compileQuery } from '../../../../src/harness/downstream/search/query.js';

const docs: [string, Record<string, unknown>][] = [
  ['1', { color: 'red', n: 1, tags: ['a', 'b'], owner: { name: 'ann' } }],
  ['2', { color: 'blue', n: 2, tags: ['b'], owner: { name: 'bob' } }],
  ['3', { color: 'red', n: 3, items: [{ sku: 'x' }, { sku: 'y' }] }],
];
const ids = (query: unknown) => {
  const matches = compileQuery(query);
  return docs.filter(([id, source]) => matches(source, id)).map(([id]) => id);
};

/** The Query DSL subset the store runs (https://opensearch.org/docs/latest/query-dsl/term/, query-dsl/compound/bool/). */
describe('compileQuery', () => {
  it('matches everything without a query or with match_all', () => {
    expect(ids(undefined)).toEqual(['1', '2', '3']);
    expect(ids({ match_all: {} })).toEqual(['1', '2', '3']);
  });

  it('term, match and terms compare exact values, in arrays and nested objects, .keyword ignored', () => {
    expect(ids({ term: { color: 'red' } })).toEqual(['1', '3']);
    expect(ids({ term: { 'color.keyword': { value: 'blue' } } })).toEqual(['2']);
    expect(ids({ match: { 'owner.name': { query: 'ann' } } })).toEqual(['1']);
    expect(ids({ term: { tags: 'b' } })).toEqual(['1', '2']);
    expect(ids({ term: { 'items.sku': 'y' } })).toEqual(['3']);
    expect(ids({ term: { n: '2' } })).toEqual(['2']);
    expect(ids({ terms: { n: [1, 3] } })).toEqual(['1', '3']);
    expect(ids({ ids: { values: [3, '1'] } })).toEqual(['1', '3']);
  });

  it('bool: must and filter all, must_not none, should one unless there is a must', () => {
    expect(ids({ bool: { must: [{ term: { color: 'red' } }], must_not: { term: { n: 3 } } } })).toEqual(['1']);
    expect(ids({ bool: { should: [{ term: { n: 2 } }, { term: { n: 3 } }] } })).toEqual(['2', '3']);
    expect(ids({ bool: { filter: { term: { color: 'red' } }, should: { term: { n: 2 } } } })).toEqual(['1', '3']);
  });

  it('refuses a malformed query as a parsing_exception and names the queries it runs for the others', () => {
    const refusal = (query: unknown) => {
      try {
        compileQuery(query);
      } catch (err) {
        expect(err).toBeInstanceOf(SearchFailure);
        return (err as SearchFailure).error;
      }
      throw new Error('accepted');
    };
    expect(refusal({ term: { a: 1 }, match: { b: 2 } })).toMatchObject({ status: 400, type: 'parsing_exception' });
    expect(refusal({ term: { a: 1, b: 2 } })).toMatchObject({ type: 'parsing_exception', reason: "[term] query doesn't support multiple fields" });
    expect(refusal({ wildcard: { a: 'x*' } })).toMatchObject({
      type: 'illegal_argument_exception',
      reason: "stream-conformance's embedded search store does not run [wildcard] queries (it runs match_all, term, terms, ids, match and bool)",
    });
  });
});
