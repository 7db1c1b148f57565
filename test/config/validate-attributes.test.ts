import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig, type SourceTable } from '../../src/config/index.js';
import { attributeProblem } from '../../src/config/validate-attributes.js';

const TS = 'conformance.config.ts';
const JSON_FILE = 'conformance.config.json';

/** The message of the ConfigError `validateConfig` throws. */
function problem(config: unknown, where = TS): string {
  try {
    validateConfig(config, where);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

const table: SourceTable = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
};

const at = 'items.attributes';
const check = (value: unknown, json = false, keys: string[] = ['pk']) => attributeProblem(value, at, json, keys);

describe('validateConfig: items.attributes (issue 14)', () => {
  it('accepts required, samples, type, pattern, range, version; an arbitrary only in TS configs', () => {
    const items = { attributes: { Message: { required: true, pattern: '^[a-z]+$' }, total: { range: [0, 10] }, kind: { samples: ['a'] }, tags: { type: 'SS' }, version: { version: true } } };
    expect(() => validateConfig({ items }, JSON_FILE)).not.toThrow();
    expect(() => validateConfig({ items: { attributes: { Message: fc.string() } } }, TS)).not.toThrow();
    expect(problem({ items: { attributes: { Message: fc.string() } } }, JSON_FILE)).toContain('items.attributes.Message: a JSON config cannot hold an fc.Arbitrary');
  });

  it('names the bad key and the fix', () => {
    expect(problem({ items: { attributes: { Message: { requird: true } } } })).toContain('items.attributes.Message.requird: unknown key');
    expect(problem({ items: { attributes: { Message: { pattern: '[' } } } })).toContain('items.attributes.Message.pattern: is not a valid regular expression');
    expect(problem({ items: { attributes: { total: { range: [5, 1] } } } })).toContain('items.attributes.total.range: must be [min, max]');
    expect(problem({ items: { attributes: { v: { version: true, samples: [1] } } } })).toContain('items.attributes.v.samples: a version attribute takes no values');
    expect(problem({ items: { attributes: { t: { type: 'X' } } } })).toContain('items.attributes.t.type: must be one of');
    expect(problem({ table, items: { attributes: { pk: { required: true } } } })).toContain('items.attributes.pk: is a key attribute');
  });
});

describe('attributeProblem', () => {
  it('finds nothing wrong with each documented form, alone or with required', () => {
    const attributes = {
      status: { samples: ['NEW', 'DONE'] },
      total: { required: true, range: [0, 100] },
      tags: { type: 'SS' },
      code: { pattern: '^[A-Z]{3}$' },
      note: { required: false },
      version: { version: true, required: true },
      name: { arbitrary: fc.string() },
      free: fc.string(),
    };
    expect(check(attributes)).toBeUndefined();
    expect(check({})).toBeUndefined();
  });

  const bad: [string, unknown, string, string][] = [
    ['not an object', [], at, 'must be an object { "<attribute>": { required?, samples?, type?, pattern?, range? } | { version: true } }'],
    ['a spec that is not an object', { a: 'S' }, `${at}.a`, 'must be an object { required?, samples?, type?, pattern?, range? } or { version: true }'],
    ['a key attribute', { pk: { required: true } }, `${at}.pk`, 'is a key attribute of the table: keys are always present and generated from the key schema; leave it out'],
    ['an unknown key', { a: { sample: [1] } }, `${at}.a.sample`, 'unknown key; expected required, samples, type, pattern, range, arbitrary, version'],
    ['required not a boolean', { a: { required: 'yes' } }, `${at}.a.required`, 'must be true or false'],
    ['version false', { v: { version: false } }, `${at}.v.version`, 'must be true (a per-key version increasing with every write of the key)'],
    ['version with a type', { v: { version: true, type: 'N' } }, `${at}.v.type`, 'a version attribute takes no values of its own: the history numbers them 1, 2, 3, … per key'],
    ['empty samples', { a: { samples: [] } }, `${at}.a.samples`, 'must be a non-empty list of the values the attribute takes'],
    ['an unknown type', { a: { type: 'STRING' } }, `${at}.a.type`, 'must be one of S, N, B, BOOL, NULL, SS, NS, BS, L, M'],
    ['a pattern that is not a string', { a: { pattern: /x/ } }, `${at}.a.pattern`, 'must be a regular expression as a string, e.g. "^[a-z]+$"'],
    ['a range of one number', { a: { range: [1] } }, `${at}.a.range`, 'must be [min, max], two finite numbers with min ≤ max'],
    ['a range with Infinity', { a: { range: [0, Number.POSITIVE_INFINITY] } }, `${at}.a.range`, 'must be [min, max], two finite numbers with min ≤ max'],
    ['an arbitrary that is not one', { a: { arbitrary: () => 'x' } }, `${at}.a.arbitrary`, "must be an fc.Arbitrary of the attribute's values"],
    ['two ways of giving values', { a: { samples: ['x'], pattern: '^x$' } }, `${at}.a.pattern`, 'give one of samples, type, pattern, range or arbitrary (samples is given already)'],
  ];
  it.each(bad)('names the path and the fix: %s', (_, value, path, message) => {
    expect(check(value)).toEqual({ path, problem: message });
  });

  it('accepts a range of one point, min = max', () => {
    expect(check({ a: { range: [3, 3] } })).toBeUndefined();
  });

  it('tells a JSON config that an arbitrary needs a TS config', () => {
    expect(check({ a: { arbitrary: 'fc.string()' } }, true)).toEqual({
      path: `${at}.a.arbitrary`,
      problem: 'needs an fc.Arbitrary, which a JSON config cannot hold; write the config as conformance.config.ts',
    });
    expect(check({ a: fc.nat() }, true)?.problem).toBe('a JSON config cannot hold an fc.Arbitrary; write the config as conformance.config.ts');
  });

  it('reports the first problem, in attribute order', () => {
    expect(check({ a: { type: 'X' }, b: { required: 1 } })?.path).toBe(`${at}.a.type`);
  });
});
