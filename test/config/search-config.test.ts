import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig, type SourceTable } from '../../src/config/index.js';

const TS = 'conformance.config.ts';
const endpoint = 'https://search-orders-abc.us-east-1.es.amazonaws.com';
const table: SourceTable = {
  KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
};

function problem(config: unknown, where = TS): string {
  try {
    validateConfig(config, where);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('downstream.search and index mirrors', () => {
  it('accepts endpoints with an engine and an optional version', () => {
    expect(() => validateConfig({ downstream: { search: [{ endpoint, engine: 'opensearch' }, { endpoint: 'http://localhost:9200', engine: 'elasticsearch', version: '7.17.0' }] } }, TS)).not.toThrow();
  });

  it('checks each endpoint: an origin, once, a known engine, a version string', () => {
    expect(problem({ downstream: { search: { endpoint } } })).toMatch(/downstream\.search: must be a list of \{ endpoint, engine, version\? \}/);
    expect(problem({ downstream: { search: [{ endpoint: `${endpoint}/orders`, engine: 'opensearch' }] } })).toBe(
      `conformance.config.ts: downstream.search[0].endpoint: must be an origin like https://search-orders.us-east-1.es.amazonaws.com (scheme and host, optional port, nothing after); use "${endpoint}"`,
    );
    expect(problem({ downstream: { search: [{ endpoint, engine: 'solr' }] } })).toBe('conformance.config.ts: downstream.search[0].engine: must be "opensearch" or "elasticsearch", got "solr"');
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch', version: 8 }] } })).toMatch(/downstream\.search\[0\]\.version: must be a version string/);
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch' }, { endpoint, engine: 'elasticsearch' }] } })).toMatch(/downstream\.search\[1\]\.endpoint: ".*" is declared twice/);
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch', index: 'orders' }] } })).toMatch(/downstream\.search\[0\]\.index: unknown key/);
  });

  it('an index mirror needs a search endpoint, and idFrom without a source table', () => {
    expect(problem({ table, downstream: { expect: { mirror: { index: 'orders', idFrom: 'orderId' } } } })).toBe(
      'conformance.config.ts: downstream.expect.mirror.index: needs a search endpoint; add { endpoint, engine } to downstream.search',
    );
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders' } } } })).toMatch(/downstream\.expect\.mirror\.idFrom: required without a source table/);
    expect(problem({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders', idFrom: 3 } } } })).toMatch(/downstream\.expect\.mirror\.idFrom: must be a list of strings/);
    expect(problem({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders', table: 'x' } } } })).toMatch(/downstream\.expect\.mirror\.table: unknown key/);
    expect(() => validateConfig({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders' } } } }, TS)).not.toThrow();
    expect(() => validateConfig({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders', idFrom: ['orderId'], separator: '|' } } } }, TS)).not.toThrow();
  });
});
