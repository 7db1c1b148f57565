import type { RuleId } from '../config/types.js';
import type { HarnessRun } from '../harness/harness.js';
import type { Mapping } from '../model/mapping.js';
import type { AttributeValue } from 'aws-lambda';
import type { InvocationRecord, Shard, Source } from '../model/types.js';
import type { Case } from './case.js';
import type { Difference } from './differences.js';

export interface ClassifiedDifference extends Difference {
  rule: RuleId;
  /** Why the difference was put under that rule, from the trace. */
  reason: string;
}

/** What a rule found: a failure (or, where the rule says so, a warning, or a pass with figures worth showing). */
export interface Finding {
  message: string;
  /** `skip`: the rule cannot judge this consumer (the message says why, and which rule does). */
  status?: 'fail' | 'warn' | 'pass' | 'skip';
  /** Which run the counterexample shows (`copies`: the stream with a producer's copies, delivered exactly once). */
  run?: 'reference' | 'adversarial' | 'copies';
  invocation?: InvocationRecord;
  differences?: Difference[];
  worstIteratorAgeMs?: number;
  /** This finding's own production sentence and fix, when they differ from the rule's (a rule that finds several things). */
  production?: string;
  fix?: string;
  /** Another rule's finding explains this one: its production sentence and fix apply, not this rule's. */
  sameCauseAs?: RuleId;
}

/** Everything one generated case produced, for the rules to judge. */
export interface CaseEvidence {
  case: Case;
  source: Source;
  mapping: Mapping;
  ref: HarnessRun;
  adv: HarnessRun;
  /** The shards the adversarial run read (the case's, plus any Kinesis producer retries). */
  advShards: Shard[];
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
  expectation: { reference: Difference[]; adversarial: Difference[] } | undefined;
}

export interface StaticContext {
  mapping: Mapping;
  source: Source;
  /** How to build records of the source: DynamoDB keys and an image for a key value, Kinesis payloads. */
  keyRecord: {
    item(key: string, index: number): { keys: Record<string, AttributeValue>; image: Record<string, AttributeValue> };
    payload(key: string): Record<string, unknown>;
  };
  /** Runs the real handler over the shards with every call naming `poison` failing; absent in pure model checks. */
  runHandler?: (shards: Shard[], poison: string) => Promise<HarnessRun>;
}
