import type { AttributeValue } from 'aws-lambda';
import type { ProducerRetry } from '../generators/producer-retry.js';
import type { Difference } from '../src/core/difference.js';
import type { FaultSchedule, HarnessRun, RecordedCall } from '../src/harness/index.js';
import type { Mapping } from '../src/model/mapping.js';
import type { InvocationRecord, Shard, Source, Trace } from '../src/model/types.js';

// What the rules judge: the evidence the generic judge gathers, and what a rule answers.

/** One generated case: a stream of records (from a write history) and the fault schedule of its adversarial run. */
export interface Case {
  shards: Shard[];
  /** The source table's items after the history, as DynamoDB JSON (DynamoDB sources only). */
  finalItems: Record<string, unknown>[] | undefined;
  /**
   * DynamoDB sources: the item each record left in the source table, as DynamoDB JSON, by sequence
   * number (null: the record removed it), so a handler that reads the table sees it as it was;
   * records carry no item in KEYS_ONLY and OLD_IMAGE streams.
   */
  itemsAfter?: Record<string, Record<string, unknown> | null>;
  faults: FaultSchedule;
}

/** A difference put under the rule whose breach explains it. */
export interface ClassifiedDifference extends Difference {
  /** The id of the rule (a RuleId; typed as a string so that the rules can be typed from their ids). */
  rule: string;
  /** Why the difference was put under that rule, from the trace. */
  reason: string;
}

/**
 * Figures a rule measured beside its verdict, typed per rule: one member per rule that has any.
 * poison-pill-isolation: the worst IteratorAge while a poison record sat in the stream.
 */
export type RuleDetails = { rule: 'poison-pill-isolation'; worstIteratorAgeMs: number };

/** What a rule found: a failure (or, where the rule says so, a warning, or a pass with figures worth showing). */
export interface Finding {
  message: string;
  /** `skip`: the rule cannot judge this consumer (the message says why, and which rule does). */
  status?: 'fail' | 'warn' | 'pass' | 'skip';
  /** Which run the counterexample shows (`copies`: the stream with a producer's copies, delivered exactly once). */
  run?: 'reference' | 'adversarial' | 'copies';
  invocation?: InvocationRecord;
  differences?: Difference[];
  /** Figures the rule measured, beside its message (reporters show them). */
  details?: RuleDetails;
  /** Where its differences' expected side comes from: the same history run without faults (the differential rules), not a stated expectation. */
  expectedFrom?: 'reference-run';
  /** This finding's own production sentence and fix, when they differ from the rule's (a rule that finds several things). */
  production?: string;
  fix?: string;
  /** Another rule's finding explains this one: its production sentence and fix apply, not this rule's. */
  sameCauseAs?: string;
  /** Of a rule judged once on its own records: the run its verdict comes from, shown as its counterexample (it has no replay token). */
  shown?: { shards: Shard[]; faults: FaultSchedule; trace: Trace; calls: RecordedCall[] };
  /**
   * Of a rule judged before the cases (`judgeOnceFirst`): what about the function makes running
   * the cases pointless (it cannot stay up), said in the other case rules' skip ("not judged: …").
   */
  stopsCases?: string;
}

/** What attributing a difference may look at: the adversarial run and the records it read. */
export interface AttributionEvidence {
  source: Source;
  adv: HarnessRun;
  /** The shards the adversarial run read (the case's, plus any Kinesis producer retries). */
  advShards: Shard[];
  /** The Kinesis producer retries whose copies the adversarial shards hold. */
  retries: readonly ProducerRetry[];
  /** The adversarial run's fault schedule (whether concurrent calls completed in an adversarial order, which invocations started cold). */
  faults: Pick<FaultSchedule, 'reorder' | 'invocations'>;
}

/** Everything one generated case produced, for the rules to judge. */
export interface CaseEvidence extends AttributionEvidence {
  case: Case;
  mapping: Mapping;
  ref: HarnessRun;
  /** The adversarial run's differences from the reference run, classified; undefined when the reference run itself failed. */
  differences: ClassifiedDifference[] | undefined;
  /**
   * Kinesis producer retries: what the copies changed, the stream with them against the stream
   * without them, both delivered exactly once; undefined when the case has no copies.
   */
  producerDifferences?: ClassifiedDifference[];
  /** The run of the stream with the producer's copies, delivered exactly once (when the case has copies). */
  copies?: HarnessRun;
  /** Differences from the configured expectation; undefined when none is configured. */
  expectation: { by: 'mirror' | 'state'; reference: Difference[]; adversarial: Difference[] } | undefined;
}

/** What decides whether a rule applies to this check at all. */
export interface SkipContext {
  source: Source;
  /** Which expectation the config states (downstream.expect). */
  expects: { mirror: boolean; state: boolean };
  /** Whether any run left downstream state the suite can see. */
  observable: boolean;
  /** Whether any reference run succeeded, so that redelivery could be compared with it. */
  compared: boolean;
  /** Where the config lets the suite see downstream state (so that advice never asks for what is there). */
  declared?: { tables: string[]; search: boolean; http: boolean; custom: boolean };
  /** Whether the handler made any downstream call in the whole check. */
  called?: boolean;
  /** Whether the config describes the generated items (samples, attributes or an arbitrary). */
  itemsDescribed?: boolean;
}

export interface StaticContext {
  mapping: Mapping;
  source: Source;
  /** How to build records of the source: DynamoDB keys and an image for a key value, Kinesis payloads. */
  keyRecord: {
    item(key: string, index: number): { keys: Record<string, AttributeValue>; image: Record<string, AttributeValue> };
    payload(key: string): Record<string, unknown>;
  };
  /** The function's memory, MB (function.MemorySize, or the harness's default). */
  memorySizeMb: number;
  /** Runs the real handler over the shards with every call naming `poison` failing; absent in pure model checks. */
  runHandler?: (shards: Shard[], poison: string) => Promise<HarnessRun>;
  /**
   * Runs the real handler over the shards under this mapping (the context's, or one derived from
   * it) with no faults at all, in one execution environment kept warm between invocations (a new
   * one only after an invocation ended it), ending the run after the invocation `stopAfter` picks;
   * absent in pure model checks.
   */
  runClean?: (shards: Shard[], mapping: Mapping, stopAfter?: (invocation: InvocationRecord) => boolean) => Promise<HarnessRun>;
}
