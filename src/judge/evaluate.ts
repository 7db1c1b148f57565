import type { Case, CaseEvidence, Finding, Rule, RuleId } from '../../properties/index.js';
import { sequenceNumberOf, sourceKeyOf, type SourceKey } from '../core/record-key.js';
import { noFaults, type Harness, type HarnessRun, type RunSdkUsage } from '../harness/index.js';
import type { IndexMirror } from '../config/types.js';
import type { Mapping } from '../model/mapping.js';
import type { Source } from '../model/types.js';
import { attributeDifferences } from './attribute.js';
import { adversarialShards } from './case.js';
import { classifyProducerCopies } from './producer-copies.js';
import { differences, normalizeState, type StateOptions } from './differences.js';
import { type ExpectationContext, expectationDifferences, expectedTables } from './expectation.js';
import { expectedDocuments, indexMirrorDifferences, isIndexMirror, mirrorIdCollision, mirrorIndexWarning, type ExpectedDocument } from './index-mirror.js';
import type { ReferenceRuns } from './reference-runs.js';

export interface JudgeContext {
  harness: Harness;
  source: Source;
  /** Resolved once for the check; the harness hands it to the model as is. */
  mapping: Mapping;
  seed: number;
  state: StateOptions;
  expectation: Omit<ExpectationContext, 'sourceKeys'> | undefined;
  custom: { reset: () => unknown; snapshot: () => unknown } | undefined;
  rules: readonly Rule<RuleId>[];
  /** Runs without faults to share between cases with the same stream (a shrink's candidates). */
  references?: ReferenceRuns<{ run: HarnessRun; custom: unknown }>;
}

export interface CaseVerdict {
  evidence: CaseEvidence;
  findings: Map<RuleId, Finding>;
  /** Whether the downstream showed anything to compare (otherwise differential rules cannot judge). */
  observable: boolean;
  /** Whether the differential comparison was made (the reference run succeeded). */
  compared: boolean;
  /** Whether the mapping invoked the handler at all in these runs (its filter may keep every record away). */
  invoked: boolean;
  /** What the harness thought worth a look in these runs (the SDK check is made over the whole check: `SdkUsage`). */
  warnings: string[];
  /** Invocations of these runs that kept running past their timeout and were cut by the watchdog. */
  hangs: number;
}

/** Thrown when a run shows a problem of the setup rather than of the consumer (undeclared table, refused host). */
export class SetupProblem extends Error {
  override name = 'SetupProblem';
}

/** Runs one case twice, reference then adversarial, and lets every rule judge it (SPEC §6). */
export async function evaluateCase(c: Case, context: JudgeContext): Promise<CaseVerdict> {
  const sourceKeys = uniqueKeys(c, context.source);
  const hungBefore = context.harness.hangCount;
  const { shards: advShards, retries } = adversarialShards(c, context.source);
  const run = async (faults: Case['faults'], shards: Case['shards']): Promise<{ run: HarnessRun; custom: unknown }> => {
    await context.custom?.reset();
    const result = await context.harness.run({ source: context.source, mapping: context.mapping, shards, faults, seed: context.seed, ...(c.itemsAfter && { itemsAfter: c.itemsAfter }) });
    const problem = result.problems[0];
    if (problem !== undefined) throw new SetupProblem(problem);
    return { run: result, custom: context.custom ? await context.custom.snapshot() : undefined };
  };
  const faultless = (shards: Case['shards']) => (context.references ? context.references.get({ shards, itemsAfter: c.itemsAfter }, () => run(noFaults, shards)) : run(noFaults, shards));
  const ref = await faultless(c.shards);
  // with producer retries, Lambda's redeliveries are judged against the stream as the producer
  // left it (copies included, delivered exactly once); the copies themselves are judged apart
  const exact = retries.length > 0 ? await faultless(advShards) : ref;
  const adv = await run(c.faults, advShards);
  const excluded = new Set(adv.run.trace.discards.flatMap((d) => d.sequenceNumbers.map((seq) => keyOfRecord(advShards, d.shardId, seq, context.source))));
  const refState = normalizeState(ref.run, sourceKeys, context.state, ref.custom);
  const advState = normalizeState(adv.run, sourceKeys, context.state, adv.custom);
  const exactState = exact === ref ? refState : normalizeState(exact.run, sourceKeys, context.state, exact.custom);
  const compared = [ref, exact].every((r) => r.run.trace.invocations.every((i) => i.outcome === 'success'));
  const attribution = { source: context.source, adv: adv.run, advShards, retries, faults: c.faults };
  const indexMirror = indexMirrorOf(c, context);
  const evidence: CaseEvidence = {
    ...attribution,
    case: c,
    mapping: context.mapping,
    ref: ref.run,
    // Lambda's redeliveries are judged against the stream as the producer left it (copies included)
    differences: compared ? attributeDifferences(differences(exactState, advState, excluded), attribution) : undefined,
    ...(exact !== ref && {
      copies: exact.run,
      ...(compared && { producerDifferences: classifyProducerCopies(differences(refState, exactState, new Set()), c.shards, retries) }),
    }),
    expectation: expectation(c, context, sourceKeys, ref.run, adv.run, excluded, indexMirror),
  };
  const findings = new Map<RuleId, Finding>();
  for (const rule of context.rules) {
    const finding = rule.judgeCase?.(evidence);
    if (finding) findings.set(rule.id, finding);
  }
  const mirrorWarnings = indexMirror === undefined ? [] : [
    mirrorIndexWarning(indexMirror.mirror, ref.run),
    indexMirror.documents === undefined ? undefined : mirrorIdCollision(indexMirror.mirror, indexMirror.documents),
  ].filter((w): w is string => w !== undefined);
  const warnings = [...ref.run.warnings, ...adv.run.warnings, ...mirrorWarnings];
  return { evidence, findings, observable: refState.observable || advState.observable, compared, invoked: [ref, adv].some((r) => r.run.trace.invocations.length > 0), warnings, hangs: context.harness.hangCount - hungBefore };
}

/** The config's index mirror, with the documents it expects of this case (once the case has final items). */
type IndexMirrorOfCase = { mirror: IndexMirror; documents: ExpectedDocument[] | undefined };

function indexMirrorOf(c: Case, context: JudgeContext): IndexMirrorOfCase | undefined {
  const mirror = context.expectation?.expect.mirror;
  if (mirror === undefined || !isIndexMirror(mirror)) return undefined;
  return { mirror, documents: c.finalItems === undefined ? undefined : expectedDocuments(mirror, c.finalItems, context.expectation!.sourceKeyNames) };
}

function expectation(c: Case, context: JudgeContext, sourceKeys: SourceKey[], ref: HarnessRun, adv: HarnessRun, excluded: Set<string>, indexMirror: IndexMirrorOfCase | undefined): CaseEvidence['expectation'] {
  if (context.expectation === undefined) return undefined;
  const full = { ...context.expectation, sourceKeys };
  if (indexMirror !== undefined) {
    const { mirror, documents } = indexMirror;
    if (documents === undefined) return undefined;
    return {
      by: 'mirror',
      reference: indexMirrorDifferences(mirror, documents, ref, full.ignoreFields, sourceKeys, new Set(), full.sourceKeyNames),
      adversarial: indexMirrorDifferences(mirror, documents, adv, full.ignoreFields, sourceKeys, excluded, full.sourceKeyNames),
    };
  }
  const expected = expectedTables(full, c.finalItems, c.shards);
  if (expected === undefined) return undefined;
  return { by: full.expect.mirror === undefined ? 'state' : 'mirror', reference: expectationDifferences(full, expected, ref, new Set()), adversarial: expectationDifferences(full, expected, adv, excluded) };
}

function uniqueKeys(c: Case, source: Source): SourceKey[] {
  const keys = new Map<string, SourceKey>();
  for (const shard of c.shards) for (const record of shard.records) {
    const key = sourceKeyOf(record, source);
    keys.set(key.id, key);
  }
  return [...keys.values()];
}

function keyOfRecord(shards: Case['shards'], shardId: string, seq: string, source: Source): string {
  const shard = shards.find((s) => s.shardId === shardId);
  const record = shard?.records.find((r) => sequenceNumberOf(r, source) === seq);
  return record ? sourceKeyOf(record, source).id : '';
}

/** The AWS SDK use both runs of a case showed (for the check-wide SDK warnings). */
export function sdkOf(verdict: CaseVerdict): RunSdkUsage[] {
  return [verdict.evidence.ref.sdk, verdict.evidence.adv.sdk].filter((u): u is RunSdkUsage => u !== undefined);
}
