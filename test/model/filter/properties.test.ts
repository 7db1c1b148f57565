import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilterCriteria } from '../../../src/model/filter/index.js';
import {
  at, choiceValues, Choices, derivedPattern, dynamodbRecords, kinesisRecords, leafPaths, objectPaths, poolEntry, randomPattern,
  somePattern, type PatternJson, type Source,
} from './arbitraries.js';
import { referencePasses } from './reference.js';

type AnyRecord = DynamoDBRecord | KinesisStreamRecord;

const sources: [Source, fc.Arbitrary<AnyRecord[]>][] = [
  ['dynamodb', dynamodbRecords],
  ['kinesis', kinesisRecords],
];

const randomPatterns = fc.array(randomPattern, { minLength: 1, maxLength: 5 });

function compiled(patterns: PatternJson[], source: Source): (record: AnyRecord) => boolean {
  const filter = compileFilterCriteria({ Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) }, source);
  if (filter === undefined) throw new Error('no filter compiled');
  return filter;
}

/** A copy of `pattern` with one more field in one of its objects (a field it does not have yet), or undefined. */
function withExtraField(c: Choices, pattern: PatternJson, donor: PatternJson): PatternJson | undefined {
  const copy = structuredClone(pattern);
  const target = at(copy, c.pick(objectPaths(copy))) as PatternJson;
  const fresh = Object.keys(donor).filter((name) => !Object.hasOwn(target, name));
  if (fresh.length === 0) return undefined;
  const name = c.pick(fresh);
  target[name] = donor[name]!;
  return copy;
}

/** A copy of `pattern` with one more entry in one of its leaf lists. */
function withExtraValue(c: Choices, pattern: PatternJson, value: unknown): PatternJson {
  const copy = structuredClone(pattern);
  const list = at(copy, c.pick(leafPaths(copy))) as unknown[];
  list.splice(c.next(list.length), 0, value);
  return copy;
}

describe.each(sources)('FilterCriteria properties (%s)', (source, records) => {
  it('agrees with the reference matcher on every record, without touching the records', () =>
    fc.assert(
      fc.property(records, randomPatterns, choiceValues, (batch, randoms, values) => {
        const c = new Choices(values);
        const patterns = Array.from({ length: 1 + c.next(4) }, () => somePattern(c, batch, source, randoms));
        const filter = compiled(patterns, source);
        const before = structuredClone(batch);
        const texts = patterns.map((p) => JSON.stringify(p));
        for (const record of batch) {
          const expected = referencePasses(texts, record, source);
          expect(filter(record)).toBe(expected);
          expect(filter(record)).toBe(expected);
        }
        expect(batch).toEqual(before);
      }),
      { numRuns: 300 },
    ));

  it('passes a record for criteria [p1, p2] iff it matches p1 or p2', () =>
    fc.assert(
      fc.property(records, randomPatterns, choiceValues, (batch, randoms, values) => {
        const c = new Choices(values);
        const [p1, p2] = [somePattern(c, batch, source, randoms), somePattern(c, batch, source, randoms)];
        const both = compiled([p1, p2], source);
        const [one, two] = [compiled([p1], source), compiled([p2], source)];
        for (const record of batch) expect(both(record)).toBe(one(record) || two(record));
      }),
    ));

  it('never passes more records when a pattern gains a field (AND)', () =>
    fc.assert(
      fc.property(records, randomPatterns, choiceValues, (batch, randoms, values) => {
        const c = new Choices(values);
        const pattern = somePattern(c, batch, source, randoms);
        const donor = c.usually(2) ? derivedPattern(c, c.pick(batch), source, c.pick(randoms)) : c.pick(randoms);
        const narrower = withExtraField(c, pattern, donor);
        fc.pre(narrower !== undefined);
        const [wide, narrow] = [compiled([pattern], source), compiled([narrower], source)];
        for (const record of batch) if (narrow(record)) expect(wide(record)).toBe(true);
      }),
    ));

  it('never passes fewer records when a leaf list gains a value (OR)', () =>
    fc.assert(
      fc.property(records, randomPatterns, choiceValues, (batch, randoms, values) => {
        const c = new Choices(values);
        const pattern = somePattern(c, batch, source, randoms);
        const [narrow, wide] = [compiled([pattern], source), compiled([withExtraValue(c, pattern, poolEntry(c))], source)];
        for (const record of batch) if (narrow(record)) expect(wide(record)).toBe(true);
      }),
    ));

  it('passes a fair share of records, so the properties above are not vacuous', () => {
    let [passed, seen] = [0, 0];
    fc.assert(
      fc.property(records, randomPatterns, choiceValues, (batch, randoms, values) => {
        const filter = compiled([somePattern(new Choices(values), batch, source, randoms)], source);
        for (const record of batch) {
          seen += 1;
          if (filter(record)) passed += 1;
        }
      }),
      { numRuns: 200 },
    );
    expect(passed / seen).toBeGreaterThan(0.15);
    expect(passed / seen).toBeLessThan(0.85);
  });
});
