import { illegalArgument, SearchFailure } from './search-error.js';

export type Query = (source: Record<string, unknown>, id: string) => boolean;

/**
 * The queries the store understands: `match_all`, `term`, `terms`, `ids`, `match` (as exact
 * equality: no analysis) and `bool` of those (https://opensearch.org/docs/latest/query-dsl/term/).
 */
export function compileQuery(query: unknown): Query {
  if (query === undefined) return () => true;
  if (!isObject(query) || Object.keys(query).length !== 1) throw new SearchFailure(parsing('query malformed, must start with start_object'));
  const [kind, body] = Object.entries(query)[0]!;
  switch (kind) {
    case 'match_all':
      return () => true;
    case 'term':
    case 'match':
      return fieldQuery(kind, body, (values, wanted) => values.some((v) => equal(v, wanted)));
    case 'terms':
      return fieldQuery(kind, body, (values, wanted) => Array.isArray(wanted) && values.some((v) => wanted.some((w) => equal(v, w))));
    case 'ids': {
      const ids = isObject(body) && Array.isArray(body.values) ? body.values.map(String) : [];
      return (_source, id) => ids.includes(id);
    }
    case 'bool':
      return boolQuery(body);
    default:
      throw new SearchFailure(illegalArgument(`stream-conformance's embedded search store does not run [${kind}] queries (it runs match_all, term, terms, ids, match and bool)`));
  }
}

function fieldQuery(kind: string, body: unknown, test: (values: unknown[], wanted: unknown) => boolean): Query {
  if (!isObject(body) || Object.keys(body).length !== 1) throw new SearchFailure(parsing(`[${kind}] query doesn't support multiple fields`));
  const [field, spec] = Object.entries(body)[0]!;
  const wanted = kind !== 'terms' && isObject(spec) ? (spec.value ?? spec.query) : spec;
  const path = field.replace(/\.keyword$/, '').split('.');
  return (source) => test(valuesAt(source, path), wanted);
}

function boolQuery(body: unknown): Query {
  if (!isObject(body)) throw new SearchFailure(parsing('[bool] query malformed'));
  const clauses = (name: string) => {
    const value = body[name];
    return (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(compileQuery);
  };
  const must = [...clauses('must'), ...clauses('filter')];
  const should = clauses('should');
  const mustNot = clauses('must_not');
  return (source, id) =>
    must.every((q) => q(source, id)) && mustNot.every((q) => !q(source, id)) && (should.length === 0 || must.length > 0 || should.some((q) => q(source, id)));
}

function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  if (!isObject(value)) return [];
  return Object.hasOwn(value, path[0]!) ? valuesAt(value[path[0]!], path.slice(1)) : [];
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  return a === b;
}

function parsing(reason: string) {
  return { status: 400, type: 'parsing_exception', reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
