import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CaseEvidence, Rule, RuleId } from '../../properties/index.js';
import { noFaults, type Harness, type HarnessRun, type FaultSchedule, type RunSdkUsage } from '../../src/harness/index.js';
import type { Case } from '../../src/judge/case.js';
import { evaluateCase, sdkOf, SetupProblem, type JudgeContext } from '../../src/judge/evaluate.js';
import { ReferenceRuns } from '../../src/judge/reference-runs.js';
import { resolveMappingOnce } from '../../src/simulate.js';
import type { InvocationRecord, Shard } from '../../src/model/types.js';
import { ddb, seqs, shardOf } from '../support/records.js';

type Item = HarnessRun['tables'][string][number];
const [s1, s2] = seqs(2);
const shards: Shard[] = [shardOf([ddb(s1!, { key: 'a' }), ddb(s2!, { key: 'b' })])];
const shardId = shards[0]!.shardId;
const faults: FaultSchedule = { ...noFaults, invocations: [{ invocation: 0, kind: 'error' }] as never, seed: 3 };
const theCase: Case = { shards, finalItems: undefined, faults };
const invocation = (outcome: InvocationRecord['outcome']): InvocationRecord => ({ shardId, sequenceNumbers: [s1!, s2!], outcome, at: 0, durationMs: 0, requestId: 'r', attempt: 1, reason: 'first', iteratorAgeMs: 0 });

interface RunShape {
  items?: Record<string, unknown>[];
  outcome?: InvocationRecord['outcome'];
  discarded?: string[];
  problems?: string[];
  warnings?: string[];
  sdk?: RunSdkUsage;
}

function harnessRun(shape: RunShape): HarnessRun {
  return {
    trace: {
      invocations: [invocation(shape.outcome ?? 'success')], events: [], destinations: [], checkpoints: {}, metrics: {}, endTime: 0,
      discards: shape.discarded ? [{ shardId, sequenceNumbers: shape.discarded, reason: 'retries-exhausted', at: 0 }] : [],
    },
    calls: [], outbox: [], tables: { replica: (shape.items ?? []).map((i) => marshall(i) as Item) }, problems: shape.problems ?? [], warnings: shape.warnings ?? [],
    ...(shape.sdk && { sdk: shape.sdk }),
  } as unknown as HarnessRun;
}

/** A harness that answers the faultless run with `reference` and the faulted one with `adversarial`, counting the runs. */
function harness(reference: RunShape, adversarial: RunShape) {
  const runs: FaultSchedule[] = [];
  const fake = { run: async (input: { faults: FaultSchedule }) => (runs.push(input.faults), harnessRun(input.faults === noFaults ? reference : adversarial)) };
  return { runs, harness: fake as unknown as Harness };
}

/** A rule that fails a case with differences, keeping the evidence it was shown. */
function differenceRule(): Rule<RuleId> & { seen: CaseEvidence[] } {
  const seen: CaseEvidence[] = [];
  return { id: 'idempotent-redelivery', seen, judgeCase: (e: CaseEvidence) => (seen.push(e), e.differences?.length ? { message: `${e.differences.length} difference(s)` } : undefined) } as unknown as Rule<RuleId> & { seen: CaseEvidence[] };
}

const context = (h: Harness, rules: Rule<RuleId>[], fields: Partial<JudgeContext> = {}): JudgeContext => ({
  harness: h, source: 'dynamodb', mapping: resolveMappingOnce({ StartingPosition: 'TRIM_HORIZON' }, 'dynamodb'), seed: 1,
  state: { ignoreFields: [], tableKeys: { replica: ['pk'] }, messageKey: undefined }, expectation: undefined, custom: undefined, rules, ...fields,
});

describe('evaluateCase', () => {
  it('runs the case without faults, then with them, and asks every rule about the differences', async () => {
    const { runs, harness: h } = harness({ items: [{ pk: 'a', v: 2 }], warnings: ['ref'] }, { items: [{ pk: 'a', v: 1 }], warnings: ['adv'] });
    const rule = differenceRule();
    const verdict = await evaluateCase(theCase, context(h, [rule]));
    expect(runs).toEqual([noFaults, faults]);
    expect(verdict.evidence.differences?.map((d) => [d.kind, d.id, d.keys, d.rule])).toEqual([['changed', '[{"S":"a"}]', ['pk=a'], expect.any(String)]]);
    expect(verdict.findings.get('idempotent-redelivery')).toEqual({ message: '1 difference(s)' });
    expect(verdict).toMatchObject({ observable: true, compared: true, warnings: ['ref', 'adv'] });
    expect(rule.seen[0]!.case).toBe(theCase);
  });

  it('the same state after both runs: no difference, no finding', async () => {
    const { harness: h } = harness({ items: [{ pk: 'a', v: 2 }] }, { items: [{ pk: 'a', v: 2 }] });
    const verdict = await evaluateCase(theCase, context(h, [differenceRule()]));
    expect(verdict.evidence.differences).toEqual([]);
    expect(verdict.findings.size).toBe(0);
  });

  it('keys whose records the adversarial run discarded are not compared', async () => {
    const { harness: h } = harness({ items: [{ pk: 'a', v: 2 }, { pk: 'b', v: 2 }] }, { items: [{ pk: 'a', v: 2 }], discarded: [s2!] });
    expect((await evaluateCase(theCase, context(h, [differenceRule()]))).evidence.differences).toEqual([]);
  });

  it('a reference run that did not succeed throughout cannot be compared with: no differences for the rules', async () => {
    const { harness: h } = harness({ items: [{ pk: 'a', v: 2 }], outcome: 'function-error' }, { items: [] });
    const verdict = await evaluateCase(theCase, context(h, [differenceRule()]));
    expect(verdict).toMatchObject({ compared: false, observable: true });
    expect(verdict.evidence.differences).toBeUndefined();
    expect(verdict.findings.size).toBe(0);
  });

  it('nothing left downstream by either run: not observable', async () => {
    const { harness: h } = harness({}, {});
    expect((await evaluateCase(theCase, context(h, []))).observable).toBe(false);
  });

  it('a problem of the setup in a run is thrown as a SetupProblem, not judged', async () => {
    const { harness: h } = harness({ problems: ['the handler wrote to the table audit, which the config does not declare'] }, {});
    await expect(evaluateCase(theCase, context(h, [differenceRule()]))).rejects.toEqual(new SetupProblem('the handler wrote to the table audit, which the config does not declare'));
  });

  it('the faultless run is shared between cases with the same stream', async () => {
    const { runs, harness: h } = harness({ items: [{ pk: 'a', v: 2 }] }, { items: [{ pk: 'a', v: 2 }] });
    const shared = context(h, [], { references: new ReferenceRuns(8) });
    await evaluateCase(theCase, shared);
    await evaluateCase({ ...theCase, faults: { ...faults, seed: 4 } }, shared);
    expect(runs.filter((f) => f === noFaults)).toHaveLength(1);
    expect(runs).toHaveLength(3);
  });

  it('a custom snapshot is reset before each run and compared after it', async () => {
    const { runs, harness: h } = harness({}, {});
    const calls: string[] = [];
    const custom = { reset: () => void calls.push('reset'), snapshot: () => (calls.push('snapshot'), { faulted: runs.at(-1) !== noFaults }) };
    const verdict = await evaluateCase(theCase, context(h, [differenceRule()], { custom }));
    expect(calls).toEqual(['reset', 'snapshot', 'reset', 'snapshot']);
    expect(verdict.evidence.differences?.map((d) => [d.kind, d.expected, d.actual])).toEqual([['custom', '{"faulted":false}', '{"faulted":true}']]);
    expect(verdict.observable).toBe(true);
  });
});

describe('sdkOf', () => {
  it('the SDK use both runs showed', async () => {
    const usage = (n: number) => ({ clients: n }) as unknown as RunSdkUsage;
    const { harness: h } = harness({ sdk: usage(1) }, { sdk: usage(2) });
    expect(sdkOf(await evaluateCase(theCase, context(h, [])))).toEqual([usage(1), usage(2)]);
    const { harness: none } = harness({}, {});
    expect(sdkOf(await evaluateCase(theCase, context(none, [])))).toEqual([]);
  });
});
