import { describe, expect, it } from 'vitest';
import type { Case } from '../../properties/index.js';
import { ReferenceRuns, type Stream } from '../../src/judge/reference-runs.js';

const stream = (...keys: string[]): Stream => ({ shards: [{ shardId: 's', records: keys.map((key, i) => ({ key, sequenceNumber: BigInt(i + 1) })) }] as unknown as Case['shards'] });

describe('runs without faults shared by a shrink', () => {
  it('one run per stream: candidates with the same records share it, others run their own', async () => {
    const references = new ReferenceRuns<string>();
    let runs = 0;
    const run = (label: string) => async () => `${label}#${++runs}`;
    expect(await references.get(stream('a', 'b'), run('ab'))).toBe('ab#1');
    expect(await references.get(stream('a', 'b'), run('ab'))).toBe('ab#1');
    expect(await references.get(stream('a'), run('a'))).toBe('a#2');
    expect(await references.get(stream('b', 'a'), run('ba'))).toBe('ba#3');
  });

  it('the same records that left other items in the source table (KEYS_ONLY) are another stream', async () => {
    const references = new ReferenceRuns<string>();
    const keysOnly = stream('a');
    expect(await references.get({ ...keysOnly, itemsAfter: { 1: { pk: { S: 'a' }, v: { N: '1' } } } }, async () => 'first items')).toBe('first items');
    expect(await references.get({ ...keysOnly, itemsAfter: { 1: { pk: { S: 'a' }, v: { N: '2' } } } }, async () => 'other items')).toBe('other items');
    expect(await references.get({ ...keysOnly, itemsAfter: { 1: { pk: { S: 'a' }, v: { N: '1' } } } }, async () => 'ran again')).toBe('first items');
  });

  it('a run that failed is not kept', async () => {
    const references = new ReferenceRuns<string>();
    await expect(references.get(stream('a'), () => Promise.reject(new Error('undeclared table')))).rejects.toThrow('undeclared table');
    expect(await references.get(stream('a'), async () => 'ran again')).toBe('ran again');
  });

  it('keeps only the most recent streams', async () => {
    const references = new ReferenceRuns<string>(2);
    for (const key of ['a', 'b', 'c']) await references.get(stream(key), async () => `${key} first`);
    expect(await references.get(stream('a'), async () => 'a again')).toBe('a again');
    expect(await references.get(stream('c'), async () => 'c again')).toBe('c first');
  });
});
