import { describe, expect, it } from 'vitest';
import { ellipsizeEnd, ellipsizeStart, escapeHtml, jsonText, prettyJson } from '../../reports/html-escape.js';

describe('html-escape', () => {
  it.each([
    ['plain', 'plain'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["a & b's", 'a &amp; b&#39;s'],
    ['&lt;', '&amp;lt;'],
  ])('escapeHtml(%j)', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected);
  });

  const circular: Record<string, unknown> = {};
  circular.self = circular;
  it.each([
    [undefined, '(absent)'],
    [{ n: 1, s: 'a' }, '{"n":1,"s":"a"}'],
    [{ seq: 12345678901234567890n }, '{"seq":"12345678901234567890n"}'],
    [() => 1, '() => 1'],
    [circular, '[object Object]'],
  ])('jsonText(%s)', (value, expected) => {
    expect(jsonText(value)).toBe(expected);
  });

  it('prettyJson indents and keeps BigInts', () => {
    expect(prettyJson({ a: [1n] })).toBe('{\n  "a": [\n    "1n"\n  ]\n}');
    expect(prettyJson(undefined)).toBe('(absent)');
  });

  it.each([
    ['short', 10, 'short', 'short'],
    ['0123456789', 10, '0123456789', '0123456789'],
    ['shardId-000000000001', 8, '…0000001', 'shardId…'],
  ])('ellipsize %j to %i', (text, max, fromStart, fromEnd) => {
    expect(ellipsizeStart(text, max)).toBe(fromStart);
    expect(ellipsizeEnd(text, max)).toBe(fromEnd);
    expect(ellipsizeStart(text, max).length).toBeLessThanOrEqual(max);
  });
});
