import { describe, expect, it } from 'vitest';
import { parseKeepingLongs, toJson } from '../../../../src/harness/downstream/search/long-numbers.js';

describe('toJson', () => {
  it('writes bigint versions as plain JSON numbers, up to the largest long', () => {
    expect(toJson({ _version: 9223372036854775807n, _seq_no: 3, nested: [{ v: -5n }] })).toBe('{"_version":9223372036854775807,"_seq_no":3,"nested":[{"v":-5}]}');
  });

  it('leaves strings that look like the marker alone', () => {
    expect(toJson({ text: 'bigint:12' })).toBe('{"text":"bigint:12"}');
  });
});

describe('parseKeepingLongs', () => {
  it('keeps the digits of version, if_seq_no and if_primary_term that a double would round', () => {
    const parsed = parseKeepingLongs('{"index":{"_id":"1","version":400000000017653466612,"if_seq_no":9007199254740993,"if_primary_term":1}}') as {
      index: Record<string, unknown>;
    };
    expect(parsed.index).toEqual({ _id: '1', version: '400000000017653466612', if_seq_no: '9007199254740993', if_primary_term: '1' });
  });

  it('leaves other numbers and string values as JSON.parse reads them', () => {
    expect(parseKeepingLongs('{"index":{"_id":"version","retry_on_conflict":3,"version":"7"}}')).toEqual({ index: { _id: 'version', retry_on_conflict: 3, version: '7' } });
  });
});
