import type { Difference } from '../src/core/difference.js';
import type { Source } from '../src/core/source.js';
import { ruleDocsUrl } from './docs-url.js';
import type { AttributionEvidence, CaseEvidence, Finding, SkipContext, StaticContext } from './evidence.js';

/**
 * A conformance rule, with everything about it in one place (as an ESLint rule carries its meta
 * and its checker): what it holds the consumer to, why it matters, how to fix it, where its page
 * is, when it does not apply, which differences it explains, and its judge.
 */
export interface Rule<Id extends string = string> {
  id: Id;
  /** What a conformant consumer does, one line. */
  meaning: string;
  /** What goes wrong in production when the rule is broken, one sentence. */
  production: string;
  /** How to fix it, for each source. */
  fix: Record<Source, string>;
  /** How the rule is judged. */
  judgedBy: string;
  /** The rule's documentation page. */
  docsUrl: string;
  /** Why the rule cannot be judged in this check (it is then skipped), or undefined when it can. */
  skip?(context: SkipContext): string | undefined;
  /**
   * How a difference between the reference and adversarial runs is put under this rule: the
   * judge asks the attributing rules by ascending `precedence` (the most specific explanation
   * first), and the first reason given wins.
   */
  attribution?: { precedence: number; attribute(difference: Difference, evidence: AttributionEvidence): string | undefined };
  /** Judges one generated case (reference and adversarial runs); returns what it found, if anything. */
  judgeCase?(evidence: CaseEvidence): Finding | undefined;
  /** Judges what does not depend on generated cases (configuration, the model alone). */
  judgeOnce?(context: StaticContext): Promise<Finding | undefined> | Finding | undefined;
}

/** A rule's definition: its docs link follows from its id, one fix text may serve both sources. */
export type RuleDefinition<Id extends string> = Omit<Rule<Id>, 'docsUrl' | 'fix'> & { fix: string | Record<Source, string> };

export function defineRule<const Id extends string>(definition: RuleDefinition<Id>): Rule<Id> {
  const { fix } = definition;
  return { ...definition, fix: typeof fix === 'string' ? { dynamodb: fix, kinesis: fix } : fix, docsUrl: ruleDocsUrl(definition.id) };
}
