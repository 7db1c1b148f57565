import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import { dynamodbStream, kinesisStream } from '../../../generators/index.js';
import { kinesisRecord } from './records.js';

/** A pattern as plain JSON: nested objects, with lists of entries at the leaves. */
export type PatternJson = { [name: string]: PatternJson | unknown[] };
export type Source = 'dynamodb' | 'kinesis';

// Small pools, so random patterns and random records meet often.
const NAMES = ['status', 'total', 'name', 'tags', 'meta', 'id', 'note', 'S', 'N', 'L', 'M', 'BOOL', 'constructor'];
const RECORD_NAMES = ['eventName', 'dynamodb', 'NewImage', 'OldImage', 'Keys', 'ApproximateCreationDateTime', 'data', 'kinesis', 'partitionKey', 'awsRegion'];
const STRINGS = ['', 'A', 'a', 'Ab', 'AB', 'DONE', 'done', 'NEW', '5', '10', 'INSERT', 'MODIFY', 'x-1'];
const NUMBERS = [0, 1, 5, 10, -1, 2.5, 1767225600];

const string = fc.constantFrom(...STRINGS);
const number = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -3, max: 12 }));
const scalar = fc.oneof(string, number, fc.boolean(), fc.constant(null));

/** Small JSON values over the pools. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; object: unknown; array: unknown }>((tie) => ({
  value: fc.oneof({ maxDepth: 3, depthIdentifier: 'json' }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(fc.constantFrom(...NAMES), tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 3, depthIdentifier: 'json' }),
})).value;

const jsonObject = fc.dictionary(fc.constantFrom(...NAMES), jsonValue, { maxKeys: 4 });

const attribute: fc.Arbitrary<AttributeValue> = fc.letrec<{ attr: AttributeValue }>((tie) => ({
  attr: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'attr' },
    string.map((S) => ({ S })),
    fc.constantFrom('1', '5', '10', '2.5', '-1').map((N) => ({ N })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.constant({ NULL: true }),
    fc.array(tie('attr'), { maxLength: 3, depthIdentifier: 'attr' }).map((L) => ({ L })),
    fc.dictionary(fc.constantFrom(...NAMES), tie('attr'), { maxKeys: 3 }).map((M) => ({ M })),
  ),
})).attr;

const image = fc.dictionary(fc.constantFrom('status', 'total', 'name', 'tags', 'meta'), attribute, { maxKeys: 4 });

const handMadeDynamoDBRecord: fc.Arbitrary<DynamoDBRecord> = fc
  .record({
    eventName: fc.constantFrom('INSERT', 'MODIFY', 'REMOVE') as fc.Arbitrary<'INSERT' | 'MODIFY' | 'REMOVE'>,
    at: fc.constantFrom(1767225600, 1767225601, 1767225700),
    pk: string,
    newImage: fc.option(image, { nil: undefined }),
    oldImage: fc.option(image, { nil: undefined }),
    ttl: fc.boolean(),
  })
  .map(({ eventName, at, pk, newImage, oldImage, ttl }) => ({
    eventID: '0'.repeat(32),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: at,
      Keys: { pk: { S: pk } },
      ...(newImage && { NewImage: { pk: { S: pk }, ...newImage } }),
      ...(oldImage && { OldImage: { pk: { S: pk }, ...oldImage } }),
      SequenceNumber: '100000000000000000001',
      SizeBytes: 10,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...(ttl && { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } }),
  }));

/** DynamoDB records: hand-made over the pools, from the project's stream generator, or any small JSON object. */
export const dynamodbRecords: fc.Arbitrary<DynamoDBRecord[]> = fc.oneof(
  fc.array(handMadeDynamoDBRecord, { minLength: 1, maxLength: 6 }),
  dynamodbStream({ maxRecords: 6, minWrites: 1 }).map((stream) => stream.shards.flatMap((shard) => shard.records)),
  fc.array(jsonObject, { minLength: 1, maxLength: 4 }).map((objects) => objects as DynamoDBRecord[]),
).filter((batch) => batch.length > 0);

/** Kinesis records: payloads over the pools (any JSON value, or text that is not JSON), or from the project's generator. */
export const kinesisRecords: fc.Arbitrary<KinesisStreamRecord[]> = fc.oneof(
  fc.array(
    fc.oneof(
      fc.tuple(jsonValue, fc.constantFrom('1', 'sensor-7')).map(([payload, key]) => kinesisRecord(payload, key)),
      fc.constantFrom('temperature=35', '', '{"a":').map((text) => kinesisRecord(Buffer.from(text, 'utf8'))),
    ),
    { minLength: 1, maxLength: 6 },
  ),
  kinesisStream({ maxRecords: 6, minRecords: 1, payload: jsonObject }).map((stream) => stream.shards.flatMap((shard) => shard.records)),
).filter((batch) => batch.length > 0);

const numericEntry = fc.oneof(
  fc.tuple(fc.constantFrom('=', '<', '<=', '>', '>='), number),
  fc.tuple(fc.constantFrom('>', '>='), number, fc.constantFrom('<', '<='), number),
).map((comparisons) => ({ numeric: comparisons }));

/** One entry of a leaf list, any operator. */
export const entry: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  string.map((prefix) => ({ prefix })),
  string.map((suffix) => ({ suffix })),
  string.map((value) => ({ 'equals-ignore-case': value })),
  fc.oneof(string, number, fc.array(fc.oneof(string, number), { minLength: 1, maxLength: 3 })).map((v) => ({ 'anything-but': v })),
  fc.oneof(string.map((prefix) => ({ prefix })), string.map((suffix) => ({ suffix }))).map((v) => ({ 'anything-but': v })),
  numericEntry,
  fc.boolean().map((exists) => ({ exists })),
);

const leafList = fc.array(entry, { minLength: 1, maxLength: 3 });

/** A pattern drawn from the pools, independent of any record. */
export const randomPattern: fc.Arbitrary<PatternJson> = fc.letrec<{ object: PatternJson; field: PatternJson | unknown[] }>((tie) => ({
  object: fc.dictionary(fc.constantFrom(...NAMES, ...RECORD_NAMES), tie('field'), { minKeys: 1, maxKeys: 3 }),
  field: fc.oneof({ maxDepth: 3, depthIdentifier: 'pattern' }, leafList, tie('object')),
})).object;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  return isPlainObject(value) || value === undefined ? [] : [value];
}

/** The object a Kinesis data pattern sees (record plus decoded data), or the record itself. */
export function documentOf(record: object, source: Source): Record<string, unknown> {
  if (source === 'dynamodb') return record as Record<string, unknown>;
  try {
    return { ...record, data: JSON.parse(Buffer.from((record as KinesisStreamRecord).kinesis.data, 'base64').toString('utf8')) };
  } catch {
    return record as Record<string, unknown>;
  }
}

/** Entries drawn once (fixed seed) for derived patterns to add beside the entry they derive. */
const ENTRY_POOL: unknown[] = fc.sample(entry, { numRuns: 200, seed: 7 });

/**
 * Decisions for building a pattern from a record, read from a list of numbers. A plain list of
 * numbers shrinks toward zeros (first options), where fc.gen, whose draws depend on the record,
 * could shrink forever.
 */
export class Choices {
  private index = 0;
  constructor(private readonly values: readonly number[]) {}

  /** A number from 0 to max. */
  next(max: number): number {
    const value = this.values.length === 0 ? 0 : (this.values[this.index++ % this.values.length] as number);
    return value % (max + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.next(items.length - 1)] as T;
  }

  /** Usually true; false one time in `odds`. */
  usually(odds = 5): boolean {
    return this.next(odds - 1) !== odds - 1;
  }
}

export const choiceValues = fc.array(fc.nat({ max: 9999 }), { maxLength: 60 });

function entryNear(c: Choices, leaf: unknown): unknown {
  if (typeof leaf === 'string' && leaf.length > 32) {
    // Generated items hold long strings; quoting them whole would outgrow AWS's 4096-character pattern limit.
    const [head, tail] = [leaf.slice(0, c.next(32)), leaf.slice(leaf.length - c.next(32))];
    return c.pick([{ prefix: head }, { suffix: tail }, { 'anything-but': { prefix: head } }, { exists: true }]);
  }
  if (typeof leaf === 'string') {
    const cut = c.next(leaf.length);
    return c.pick([leaf, { prefix: leaf.slice(0, cut) }, { suffix: leaf.slice(cut) }, { 'equals-ignore-case': leaf.toUpperCase() },
      { 'anything-but': 'zz' }, { 'anything-but': leaf }, { 'anything-but': { prefix: leaf.slice(0, cut) } }, { exists: true },
      { numeric: ['>', -100] }, Number(leaf)]);
  }
  if (typeof leaf === 'number') {
    return c.pick([leaf, { numeric: ['>=', leaf] }, { numeric: ['>', leaf - 1, '<=', leaf] }, { numeric: ['=', leaf] },
      { numeric: ['<', leaf] }, { 'anything-but': leaf + 1 }, { 'anything-but': [leaf] }, String(leaf), { exists: true }]);
  }
  if (typeof leaf === 'boolean') return c.pick([leaf, !leaf, { exists: true }]);
  return c.pick([null, '', { exists: true }, { 'anything-but': 'x' }]);
}

/** A leaf list holding an entry near one of the value's leaves (often matching), plus pool entries. */
function deriveList(c: Choices, value: unknown): unknown[] {
  const found = leaves(value);
  const hit = found.length > 0 ? entryNear(c, c.pick(found)) : c.pick([{ exists: false }, { exists: true }, 'x', { 'anything-but': 'x' }]);
  const extras = Array.from({ length: c.next(2) }, () => c.pick(ENTRY_POOL));
  return c.next(1) === 0 ? [hit, ...extras] : [...extras, hit];
}

function deriveField(c: Choices, value: unknown, depth: number): PatternJson | unknown[] {
  if (Array.isArray(value) && value.length > 0 && c.usually(2)) return deriveField(c, c.pick(value), depth);
  if (isPlainObject(value) && Object.keys(value).length > 0 && depth < 5 && c.usually()) return deriveObject(c, value, depth + 1);
  return deriveList(c, value);
}

function deriveObject(c: Choices, value: Record<string, unknown>, depth: number): PatternJson {
  const keys = Object.keys(value);
  const first = c.pick(keys);
  const names = c.usually(3) ? [first] : [...new Set([first, c.pick(keys)])];
  const pattern: PatternJson = {};
  for (const name of names) pattern[name] = deriveField(c, value[name], depth);
  if (!c.usually(6)) pattern[c.pick(NAMES)] = [c.pick(ENTRY_POOL)];
  return pattern;
}

/** A pattern built from a record's own fields, so it matches it often; a random one for an empty record. */
export function derivedPattern(c: Choices, record: object, source: Source, random: PatternJson): PatternJson {
  const document = documentOf(record, source);
  return Object.keys(document).length === 0 ? random : deriveObject(c, document, 0);
}

/** Mostly derived from one of the records, otherwise one of the random patterns. */
export function somePattern(c: Choices, records: object[], source: Source, randoms: PatternJson[]): PatternJson {
  const random = c.pick(randoms);
  return c.usually(2) ? derivedPattern(c, c.pick(records), source, random) : random;
}

/** Pool entries for properties that add a value to a leaf list. */
export function poolEntry(c: Choices): unknown {
  return c.pick(ENTRY_POOL);
}

/** Every nested object of a pattern (the pattern first), as paths of names. */
export function objectPaths(pattern: PatternJson, path: string[] = []): string[][] {
  const nested = Object.entries(pattern).flatMap(([name, field]) => (Array.isArray(field) ? [] : objectPaths(field, [...path, name])));
  return [path, ...nested];
}

/** Every leaf list of a pattern, as paths of names. */
export function leafPaths(pattern: PatternJson, path: string[] = []): string[][] {
  return Object.entries(pattern).flatMap(([name, field]) => (Array.isArray(field) ? [[...path, name]] : leafPaths(field, [...path, name])));
}

export function at(pattern: PatternJson, path: string[]): PatternJson | unknown[] {
  return path.reduce<PatternJson | unknown[]>((node, name) => (node as PatternJson)[name]!, pattern);
}
