import { describe, expect, it } from 'vitest';
import { attributions, ruleById, ruleDocsUrl, ruleIds, rules, type RuleId } from '../../properties/index.js';

describe('the rule registry', () => {
  it('holds every rule of SPEC §2 once, in the order reports show them', () => {
    expect(ruleIds).toEqual([
      'batch-response-shape', 'no-silent-loss', 'checkpoint-safety', 'idempotent-redelivery', 'producer-duplicates',
      'per-key-ordering', 'valid-record-robustness', 'poison-pill-isolation', 'expected-state', 'mapping-config',
    ]);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
  });

  it('each rule carries what reports need: meaning, production sentence and fix for both sources, its docs page, and a judge', () => {
    for (const rule of rules) {
      expect(rule.meaning.length, rule.id).toBeGreaterThan(10);
      for (const text of [rule.production.dynamodb, rule.production.kinesis, rule.fix.dynamodb, rule.fix.kinesis]) expect(text.length, rule.id).toBeGreaterThan(10);
      expect(rule.docsUrl, rule.id).toBe(ruleDocsUrl(rule.id));
      expect('judgeCase' in rule || 'judgeOnce' in rule, rule.id).toBe(true);
    }
  });

  it('finds a rule by its id, and refuses an unknown one', () => {
    for (const id of ruleIds) expect(ruleById(id).id).toBe(id);
    expect(() => ruleById('no-such-rule' as RuleId)).toThrow('unknown rule no-such-rule');
  });

  it('asks the attributions of all rules by ascending precedence, each under the rule that declared it, no two at the same rank', () => {
    const precedences = attributions.map((a) => a.precedence);
    expect(precedences).toEqual([...precedences].sort((a, b) => a - b));
    expect(new Set(precedences).size).toBe(precedences.length);
    for (const attribution of attributions) {
      const declared = ruleById(attribution.rule).attributions ?? [];
      expect(declared.some((a) => a.precedence === attribution.precedence && a.attribute === attribution.attribute), attribution.rule).toBe(true);
    }
    const declaredCount = rules.reduce((sum, rule) => sum + (ruleById(rule.id).attributions?.length ?? 0), 0);
    expect(attributions).toHaveLength(declaredCount);
    // the most specific explanation of a failed write comes first
    expect(attributions[0]!.rule).toBe('no-silent-loss');
  });
});
