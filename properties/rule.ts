import type { Difference } from '../src/core/difference.js';
import type { Source } from '../src/core/source.js';
import { ruleDocsUrl } from './docs-url.js';
import type { AttributionEvidence, CaseEvidence, Finding, SkipContext, StaticContext } from './evidence.js';

/** A text that differs between DynamoDB Streams and Kinesis (retention, decoding, identifiers). */
export type PerSource = { dynamodb: string; kinesis: string };

export function forSource(text: string | PerSource, source: Source): string {
  return typeof text === 'string' ? text : text[source];
}

/** One way a rule explains a difference; the judge asks every rule's attributions by ascending precedence. */
export interface Attribution {
  precedence: number;
  /** Why the difference falls under the rule, or undefined when this explanation does not fit. */
  attribute(difference: Difference, evidence: AttributionEvidence): string | undefined;
}

/**
 * A conformance rule, with everything about it in one place (as an ESLint rule carries its meta
 * and its checker): what it holds the consumer to, why it matters, how to fix it, where its page
 * is, when it does not apply, which differences it explains, and its judge.
 */
export interface Rule<Id extends string = string> {
  id: Id;
  /** What a conformant consumer does, one line. */
  meaning: string;
  /** What goes wrong in production when the rule is broken, one sentence per source. */
  production: PerSource;
  /** How to fix it, per source. */
  fix: PerSource;
  /** Advice for consumers that write a search index, added to `fix` when the config declares downstream.search. */
  searchFix?: string;
  /** How the rule is judged. */
  judgedBy: string;
  /** The rule's documentation page. */
  docsUrl: string;
  /** Why the rule cannot be judged in this check (it is then skipped), or undefined when it can. */
  skip?(context: SkipContext): string | undefined;
  /**
   * How a difference between the reference and adversarial runs is put under this rule: the judge
   * asks the attributions of all rules by ascending precedence (the most specific explanation
   * first), and the first reason given wins.
   */
  attributions?: Attribution[];
  /** Judges one generated case (reference and adversarial runs); returns what it found, if anything. */
  judgeCase?(evidence: CaseEvidence): Finding | undefined;
  /** Judges what does not depend on generated cases (configuration, the model alone). */
  judgeOnce?(context: StaticContext): Promise<Finding | undefined> | Finding | undefined;
  /**
   * `judgeOnce` runs before the cases (not after them): a finding of it that `stopsCases` says the
   * function cannot serve them, and no case runs.
   */
  judgeOnceFirst?: boolean;
}

/** A rule's definition: its docs link follows from its id, one text may serve both sources. */
export type RuleDefinition<Id extends string> = Omit<Rule<Id>, 'docsUrl' | 'fix' | 'production'> & { production: string | PerSource; fix: string | PerSource };

export function defineRule<const Id extends string>(definition: RuleDefinition<Id>): Rule<Id> {
  const perSource = (text: string | PerSource): PerSource => (typeof text === 'string' ? { dynamodb: text, kinesis: text } : text);
  return { ...definition, production: perSource(definition.production), fix: perSource(definition.fix), docsUrl: ruleDocsUrl(definition.id) };
}
