import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as Elasticsearch8 } from '@elastic/elasticsearch';
import { Client as OpenSearch } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';
import axios from 'axios';
import { Client as Elasticsearch7 } from 'elasticsearch7';
import { afterAll, describe, expect, it } from 'vitest';
import { SearchStore } from '../../../../src/harness/downstream/search/index.js';

/**
 * The real clients against the store, served on a loopback port: their product checks pass, they
 * read its responses and turn its errors into their own error classes.
 */
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(store: SearchStore): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
      const response = store.handle({ method: req.method!, url: `http://localhost${req.url}`, headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('clients against the store', () => {
  it('@elastic/elasticsearch 8: product check, index, conflict as ResponseError, bulk', async () => {
    const client = new Elasticsearch8({ node: await serve(new SearchStore({ engine: 'elasticsearch' })) });
    const created = await client.index({ index: 'orders', id: 'o-1', document: { status: 'NEW' }, version: 3, version_type: 'external' });
    expect(created).toMatchObject({ result: 'created', _version: 3 });
    const conflict = await client.index({ index: 'orders', id: 'o-1', document: { status: 'OLD' }, version: 2, version_type: 'external' }).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ name: 'ResponseError', meta: { statusCode: 409, body: { error: { type: 'version_conflict_engine_exception' } } } });
    const bulk = await client.bulk({ operations: [{ delete: { _index: 'orders', _id: 'o-1' } }, { update: { _index: 'orders', _id: 'o-2' } }, { doc: { status: 'PAID' } }] });
    expect(bulk.errors).toBe(true);
    expect(bulk.items[1]!.update!.error!.type).toBe('document_missing_exception');
    expect((await client.count({ index: 'orders' })).count).toBe(0);
  });

  it('elasticsearch 7 client: the product check on GET / passes, responses carry _type', async () => {
    const client = new Elasticsearch7({ node: await serve(new SearchStore({ engine: 'elasticsearch', version: '7.17.0' })) });
    const { body } = await client.index({ index: 'orders', id: 'o-1', body: { status: 'NEW' } });
    expect(body).toMatchObject({ _type: '_doc', result: 'created' });
    const missing = await client.update({ index: 'orders', id: 'o-2', body: { doc: { a: 1 } } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'ResponseError', meta: { statusCode: 404 } });
  });

  it('@opensearch-project/opensearch with AwsSigv4Signer: signed requests, bulk helper', async () => {
    const client = new OpenSearch({
      node: await serve(new SearchStore({ engine: 'opensearch' })),
      ...AwsSigv4Signer({ region: 'us-east-1', service: 'es', getCredentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }) }),
    });
    const { body } = await client.index({ index: 'orders', id: 'o-1', body: { status: 'NEW' }, refresh: true });
    expect(body).toMatchObject({ result: 'created', forced_refresh: true });
    const result = await client.helpers.bulk({ datasource: [{ id: 'o-2' }, { id: 'o-3' }], onDocument: (doc: { id: string }) => ({ index: { _index: 'orders', _id: doc.id } }) });
    expect(result).toMatchObject({ total: 2, successful: 2, failed: 0 });
    const found = await client.search({ index: 'orders', body: { query: { term: { id: 'o-3' } } } });
    expect(found.body.hits.hits.map((h) => h._id)).toEqual(['o-3']);
  });

  it('axios: a raw _bulk with a sequence number as version is refused as a whole', async () => {
    const node = await serve(new SearchStore({ engine: 'opensearch' }));
    const body = '{"index":{"_index":"orders","_id":"o-1","version":"400000000017653466612","version_type":"external"}}\n{"a":1}\n';
    const error = await axios.post(`${node}/_bulk`, body, { headers: { 'content-type': 'application/x-ndjson' } }).catch((e: { response: { status: number; data: unknown } }) => e.response);
    expect(error).toMatchObject({ status: 400, data: { error: { type: 'illegal_argument_exception' } } });
  });
});
