import { describe, expect, it } from 'vitest';
import { clusterInfo, engineHeaders, engineOf, hasTypes } from '../../../../src/harness/downstream/search/search-engine.js';

describe('engineOf', () => {
  it('completes a version to major.minor.patch, defaulting per engine', () => {
    expect(engineOf('opensearch')).toEqual({ name: 'opensearch', version: '2.11.0', major: 2 });
    expect(engineOf('elasticsearch')).toEqual({ name: 'elasticsearch', version: '8.11.0', major: 8 });
    expect(engineOf('elasticsearch', '7')).toMatchObject({ version: '7.0.0', major: 7 });
    expect(engineOf('opensearch', '1.3')).toMatchObject({ version: '1.3.0', major: 1 });
    expect(engineOf('elasticsearch', '7.17.18')).toMatchObject({ version: '7.17.18', major: 7 });
  });
});

describe('what clients see of the engine', () => {
  it('reports _type in Elasticsearch 7 and OpenSearch 1 only', () => {
    expect(['7.17.0', '8.0.0'].map((v) => hasTypes(engineOf('elasticsearch', v)))).toEqual([true, false]);
    expect(['1.3.0', '2.0.0'].map((v) => hasTypes(engineOf('opensearch', v)))).toEqual([true, false]);
  });

  it('sends x-elastic-product from Elasticsearch, and the compatible media type to a client that asks for it', () => {
    expect(engineHeaders(engineOf('opensearch'), undefined)).toEqual({ 'content-type': 'application/json; charset=UTF-8' });
    expect(engineHeaders(engineOf('elasticsearch', '7.17.0'), 'application/json')).toEqual({ 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    expect(engineHeaders(engineOf('elasticsearch'), 'application/vnd.elasticsearch+json; compatible-with=8')).toEqual({
      'content-type': 'application/vnd.elasticsearch+json;compatible-with=8',
      'x-elastic-product': 'Elasticsearch',
    });
  });

  it('answers GET / with the product and version clients check', () => {
    expect(clusterInfo(engineOf('opensearch', '1.3.0'))).toMatchObject({ version: { distribution: 'opensearch', number: '1.3.0' } });
    const elastic = clusterInfo(engineOf('elasticsearch', '7.17.0')) as { version: Record<string, unknown>; tagline: string };
    expect(elastic.version.number).toBe('7.17.0');
    expect(elastic.version).not.toHaveProperty('distribution');
    expect(elastic.tagline).toBe('You Know, for Search');
  });
});
