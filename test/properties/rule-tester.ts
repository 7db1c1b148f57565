import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { CaseEvidence, Finding, Rule, SkipContext, StaticContext } from '../../properties/index.js';
import type { Difference } from '../../src/core/difference.js';
import { noFaults, type HarnessRun, type RecordedCall } from '../../src/harness/index.js';
import { resolveMapping, type MappingInput } from '../../src/model/mapping.js';
import type { InvocationRecord, Shard, Source } from '../../src/model/types.js';
import { ddb, seqs } from '../support/records.js';

// A table tester in the style of ESLint's RuleTester: hand-built evidence that a rule must pass
// (valid) and must fail with a given message (invalid). No handler, no worker.

export const shardId = 'shardId-00000001767225600000-0000aaaa';
export const [s1, s2, s3] = seqs(3) as [string, string, string];

/** Three DynamoDB records: keys a, b, a (MODIFY, values 1..3). */
export const defaultShards: Shard[] = [{ shardId, records: [ddb(s1, { key: 'a' }), ddb(s2, { key: 'b' }), ddb(s3, { key: 'a' })] }];

export function invocation(fields: Partial<InvocationRecord> = {}): InvocationRecord {
  return { shardId, sequenceNumbers: [s1, s2, s3], outcome: 'success', at: 0, durationMs: 10, requestId: 'r-1', attempt: 1, reason: 'first', iteratorAgeMs: 0, ...fields };
}

export function call(fields: Partial<RecordedCall> & { input: unknown }): RecordedCall {
  return { call: 0, attempt: 1, invocation: 0, at: 0, service: 'dynamodb', operation: 'PutItem', statusCode: 200, outcome: 'ok', ...fields };
}

/** A PutItem of key `pk` that failed for good with an injected fault. */
export function failedPut(pk: string, fields: Partial<RecordedCall> = {}): RecordedCall {
  return call({ input: { TableName: 'out', Item: { pk: { S: pk } } }, statusCode: 500, outcome: 'error', fault: 'server-error', ...fields });
}

export function run(fields: { invocations?: InvocationRecord[]; calls?: RecordedCall[]; discards?: HarnessRun['trace']['discards'] } = {}): HarnessRun {
  return {
    trace: { invocations: fields.invocations ?? [invocation()], destinations: [], checkpoints: {}, discards: fields.discards ?? [], events: [], metrics: {}, endTime: 0 },
    calls: fields.calls ?? [],
    outbox: [],
    tables: {},
    problems: [],
    warnings: [],
  };
}

export function difference(fields: Partial<Difference> = {}): Difference {
  return { kind: 'missing', where: 'table out', id: '["a"]', expected: { pk: { S: 'a' } }, actual: undefined, keys: ['pk=a'], ...fields };
}

export function evidence(fields: Partial<CaseEvidence> & { mappingInput?: MappingInput } = {}): CaseEvidence {
  const { mappingInput, ...rest } = fields;
  const source: Source = fields.source ?? 'dynamodb';
  const shards = fields.advShards ?? defaultShards;
  return {
    case: { shards, finalItems: undefined, faults: noFaults },
    source,
    mapping: resolveMapping(mappingInput ?? { FunctionResponseTypes: ['ReportBatchItemFailures'] }, source),
    ref: run(),
    adv: run(),
    advShards: shards,
    retries: [],
    faults: noFaults,
    differences: [],
    expectation: undefined,
    ...rest,
  };
}

export function skipContext(fields: Partial<SkipContext> = {}): SkipContext {
  return { source: 'dynamodb', expects: { mirror: false, state: false }, observable: true, compared: true, ...fields };
}

/** Records of the source for judgeOnce: keys under `pk`, Kinesis payloads `{ id }`. */
export function staticContext(mappingInput: MappingInput, source: Source = 'dynamodb'): StaticContext {
  return {
    mapping: resolveMapping(mappingInput, source),
    source,
    memorySizeMb: 1024,
    keyRecord: {
      item: (key) => ({ keys: { pk: { S: key } }, image: { pk: { S: key }, v: { N: '1' } } }),
      payload: (key) => ({ id: key }),
    },
  };
}

interface Valid<Input> {
  name: string;
  input: Input;
}
interface Invalid<Input> extends Valid<Input> {
  /** What the message must say. */
  message: RegExp;
  status?: Finding['status'];
}
type Judged = CaseEvidence | StaticContext;

export interface RuleTests {
  /** Evidence (or a static context) the rule must pass. */
  valid?: Valid<Judged>[];
  /** Evidence the rule must fail, with its message. */
  invalid?: Invalid<Judged>[];
  /** Differences the rule must put under itself (with the reason), or leave to others (reason undefined). */
  attributes?: (Valid<{ difference: Difference; evidence: CaseEvidence }> & { reason: RegExp | undefined })[];
  /** When the rule is skipped (with the reason) or applies (reason undefined). */
  skips?: (Valid<SkipContext> & { reason: RegExp | undefined })[];
}

async function judge(rule: Rule, input: Judged): Promise<Finding | undefined> {
  if ('ref' in input) return rule.judgeCase?.(input);
  return rule.judgeOnce?.(input);
}

export function testRule(rule: Rule, tests: RuleTests): void {
  describe(rule.id, () => {
    it('carries its knowledge: meaning, production sentence, fix per source, docs link', () => {
      for (const text of [rule.meaning, rule.production.dynamodb, rule.production.kinesis, rule.fix.dynamodb, rule.fix.kinesis, rule.judgedBy]) expect(text.length).toBeGreaterThan(10);
      expect(rule.docsUrl).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
    });
    for (const t of tests.valid ?? []) {
      it(`passes: ${t.name}`, async () => {
        const finding = await judge(rule, t.input);
        if (finding !== undefined) expect(finding.status, finding.message).toBe('pass');
      });
    }
    for (const t of tests.invalid ?? []) {
      it(`fails: ${t.name}`, async () => {
        const finding = await judge(rule, t.input);
        expect(finding, 'the rule found nothing').toBeDefined();
        expect(finding!.message).toMatch(t.message);
        expect(finding!.status ?? 'fail').toBe(t.status ?? 'fail');
      });
    }
    for (const t of tests.attributes ?? []) {
      it(`${t.reason ? 'takes' : 'leaves'} a difference: ${t.name}`, () => {
        const reasons = (rule.attributions ?? []).map((a) => a.attribute(t.input.difference, t.input.evidence));
        const reason = reasons.find((r) => r !== undefined);
        if (t.reason === undefined) expect(reason).toBeUndefined();
        else expect(reason).toMatch(t.reason);
      });
    }
    for (const t of tests.skips ?? []) {
      it(`${t.reason ? 'is skipped' : 'applies'}: ${t.name}`, () => {
        const reason = rule.skip?.(t.input);
        if (t.reason === undefined) expect(reason).toBeUndefined();
        else expect(reason).toMatch(t.reason);
      });
    }
  });
}

/** Differences already put under a rule, as the judge hands them to the rules. */
export function attributed(rule: string, reason: string, fields: Partial<Difference> = {}) {
  return { ...difference(fields), rule, reason };
}

export type { DynamoDBRecord };
