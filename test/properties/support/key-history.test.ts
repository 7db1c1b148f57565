import { describe, expect, it } from 'vitest';
import { keyHistory, lateRemove, staleImage } from '../../../properties/support/key-history.js';
import type { Shard } from '../../../src/model/types.js';
import { ddb } from '../../support/records.js';

/** A REMOVE carries no NewImage. */
function removed(seq: string, key: string) {
  const record = ddb(seq, { key, eventName: 'REMOVE' });
  delete record.dynamodb!.NewImage;
  return record;
}

// Key a: INSERT v=100, MODIFY v=200, REMOVE (300), INSERT v=400. Key b: MODIFY v=500.
const shards = [{
  shardId: 's1',
  records: [ddb('100', { key: 'a', eventName: 'INSERT' }), ddb('200', { key: 'a' }), removed('300', 'a'), ddb('400', { key: 'a', eventName: 'INSERT' }), ddb('500', { key: 'b' })],
}] as Shard[];
const history = keyHistory(shards, 'dynamodb');
const image = (v: string) => ({ pk: { S: 'a' }, v: { N: v } });

describe('keyHistory', () => {
  it('lists each key\'s records in stream order, computed once per set of shards', () => {
    expect(history.get('pk=a')!.map((r) => `${r.seq} ${r.eventName}`)).toEqual(['100 INSERT', '200 MODIFY', '300 REMOVE', '400 INSERT']);
    expect(history.get('pk=b')!.map((r) => r.seq)).toEqual(['500']);
    expect(keyHistory(shards, 'dynamodb')).toBe(history);
  });
});

describe('staleImage', () => {
  it.each([
    { what: 'an older image than expected', d: { kind: 'changed', expected: image('400'), actual: image('200') }, stale: 'the downstream holds the image of record 200 although record 400 (INSERT) came after it' },
    { what: 'only the varying attribute kept', d: { kind: 'changed', expected: { v: { N: '400' } }, actual: { v: { N: '100' } } }, stale: 'the downstream holds the image of record 100 although record 400 (INSERT) came after it' },
    { what: 'an extra item holding an old image', d: { kind: 'extra', expected: undefined, actual: image('200') }, stale: 'the downstream holds the image of record 200 although record 400 (INSERT) came after it' },
    { what: 'the latest image', d: { kind: 'changed', expected: image('200'), actual: image('400') }, stale: undefined },
    { what: 'an extra item sharing only the unchanging key with the images', d: { kind: 'extra', expected: undefined, actual: { pk: { S: 'a' }, note: { S: 'x' } } }, stale: undefined },
    { what: 'a value no record had', d: { kind: 'changed', expected: image('400'), actual: image('999') }, stale: undefined },
    { what: 'a search document or message (plain JSON) holding an older image', d: { kind: 'changed', expected: { pk: 'a', v: 400 }, actual: { pk: 'a', v: 200 } }, stale: 'the downstream holds the image of record 200 although record 400 (INSERT) came after it' },
    { what: 'a plain document of only the varying attribute', d: { kind: 'changed', expected: { v: 400 }, actual: { v: 100 } }, stale: 'the downstream holds the image of record 100 although record 400 (INSERT) came after it' },
  ])('$what', ({ d, stale }) => {
    expect(staleImage({ ...d, keys: ['pk=a'] }, history)?.said).toBe(stale);
  });
});

describe('lateRemove', () => {
  it.each([
    { keys: ['pk=a'], late: 'record 300 (REMOVE) came before record 400 (INSERT), yet the item is gone' },
    { keys: ['pk=b'], late: undefined },
    { keys: ['pk=zz'], late: undefined },
  ])('$keys', ({ keys, late }) => {
    expect(lateRemove(keys, history)?.said).toBe(late);
  });

  it('names the two records, for the suite to look for the older applied after the newer', () => {
    const late = lateRemove(['pk=a'], history)!;
    expect([late.key, late.older.seq, late.newer.seq]).toEqual(['pk=a', '300', '400']);
  });

  it('a REMOVE that is the last record is no late remove', () => {
    const removedLast = keyHistory([{ shardId: 's1', records: [ddb('1', { key: 'c', eventName: 'INSERT' }), removed('2', 'c')] }] as Shard[], 'dynamodb');
    expect(lateRemove(['pk=c'], removedLast)).toBeUndefined();
  });
});

describe('staleImage, with images that are subsets of one another', () => {
  it('a document exactly like an older image is that image, though a later image shares every one of its attributes but one', () => {
    const rec = (seq: string, eventName: 'INSERT' | 'MODIFY', newImage: Record<string, unknown>) => {
      const record = ddb(seq, { key: ' ', eventName });
      record.dynamodb!.NewImage = newImage as never;
      return record;
    };
    const subsets = keyHistory([{ shardId: 's1', records: [
      rec('1', 'INSERT', { pk: { S: ' ' } }),
      rec('2', 'MODIFY', { pk: { S: ' ' }, lines: { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }] } }),
      rec('3', 'MODIFY', { pk: { S: ' ' } }),
    ] }] as Shard[], 'dynamodb');
    const d = { kind: 'changed', keys: ['pk= '], expected: { pk: ' ' }, actual: { pk: ' ', lines: [{ sku: 'A-1', qty: 2 }] } };
    expect(staleImage(d, subsets)?.said).toBe('the downstream holds the image of record 2 although record 3 (MODIFY) came after it');
  });
});
