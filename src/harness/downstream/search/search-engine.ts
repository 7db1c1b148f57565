/** Which search engine the store answers as, and the differences between them that clients see. */
export type EngineName = 'opensearch' | 'elasticsearch';

export interface Engine {
  name: EngineName;
  /** The version number `GET /` reports, e.g. "8.11.0". */
  version: string;
  major: number;
}

export const DEFAULT_VERSIONS: Record<EngineName, string> = { opensearch: '2.11.0', elasticsearch: '8.11.0' };

export function engineOf(name: EngineName, version?: string): Engine {
  const number = version ?? DEFAULT_VERSIONS[name];
  const full = /^\d+$/.test(number) ? `${number}.0.0` : /^\d+\.\d+$/.test(number) ? `${number}.0` : number;
  return { name, version: full, major: Number(full.split('.')[0]) };
}

/**
 * Responses carry `_type: "_doc"` in Elasticsearch 7 and OpenSearch 1 (types were removed from
 * responses in Elasticsearch 8 and OpenSearch 2).
 */
export function hasTypes(engine: Engine): boolean {
  return engine.name === 'elasticsearch' ? engine.major <= 7 : engine.major <= 1;
}

/**
 * Headers every response carries. The Elasticsearch clients check the product: the 8 client
 * refuses a 2xx response without `x-elastic-product: Elasticsearch`, the 7 client (7.14+) checks
 * it on `GET /` (https://www.elastic.co/guide/en/elasticsearch/client/javascript-api/current/changelog-client.html).
 */
export function engineHeaders(engine: Engine, accept: string | undefined): Record<string, string> {
  if (engine.name === 'opensearch') return { 'content-type': 'application/json; charset=UTF-8' };
  // an 8 client asks for the compatible media type and gets it back
  const compatible = accept !== undefined && /vnd\.elasticsearch\+json/.test(accept);
  return {
    'content-type': compatible ? `application/vnd.elasticsearch+json;compatible-with=${engine.major}` : 'application/json',
    'x-elastic-product': 'Elasticsearch',
  };
}

/** The body of `GET /`: what clients read to learn the product and version. */
export function clusterInfo(engine: Engine): Record<string, unknown> {
  if (engine.name === 'opensearch') {
    return {
      name: 'stream-conformance', cluster_name: 'stream-conformance', cluster_uuid: 'c0nf0rmance000000000001',
      version: { distribution: 'opensearch', number: engine.version, build_type: 'tar', build_hash: 'stream-conformance', build_date: '2024-01-01T00:00:00Z', build_snapshot: false, lucene_version: '9.7.0', minimum_wire_compatibility_version: '7.10.0', minimum_index_compatibility_version: '7.0.0' },
      tagline: 'The OpenSearch Project: https://opensearch.org/',
    };
  }
  return {
    name: 'stream-conformance', cluster_name: 'stream-conformance', cluster_uuid: 'c0nf0rmance000000000001',
    version: { number: engine.version, build_flavor: 'default', build_type: 'tar', build_hash: 'stream-conformance', build_date: '2024-01-01T00:00:00Z', build_snapshot: false, lucene_version: '9.8.0', minimum_wire_compatibility_version: '7.17.0', minimum_index_compatibility_version: '7.0.0' },
    tagline: 'You Know, for Search',
  };
}
