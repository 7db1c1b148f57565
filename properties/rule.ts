import type { RuleId } from '../src/config/types.js';
import type { CaseEvidence, Finding, StaticContext } from '../src/judge/evidence.js';
import type { Source } from '../src/model/types.js';

/** A text that differs between DynamoDB Streams and Kinesis (retention, decoding, identifiers). */
export type PerSource = { dynamodb: string; kinesis: string };

export function forSource(text: string | PerSource, source: Source): string {
  return typeof text === 'string' ? text : text[source];
}

/** A conformance rule: what it holds the consumer to, why it matters, how to fix it, and its judge. */
export interface Rule {
  id: RuleId;
  /** What a conformant consumer does, one line. */
  meaning: string;
  /** What goes wrong in production when the rule is broken, one sentence. */
  production: string | PerSource;
  /** How to fix it. */
  fix: string | PerSource;
  /** How the rule is judged. */
  judgedBy: string;
  /** Judges one generated case (reference and adversarial runs); returns what it found, if anything. */
  judgeCase?(evidence: CaseEvidence): Finding | undefined;
  /** Judges what does not depend on generated cases (configuration, the model alone). */
  judgeOnce?(context: StaticContext): Promise<Finding | undefined> | Finding | undefined;
}
