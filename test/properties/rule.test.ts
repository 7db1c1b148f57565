import { describe, expect, it } from 'vitest';
import { defineRule, forSource } from '../../properties/rule.js';
import { ruleDocsUrl } from '../../properties/docs-url.js';

describe('a rule\'s definition', () => {
  it('gives a per-source text for the source asked, and one text for both', () => {
    const retention = { dynamodb: 'a DynamoDB stream keeps records 24 hours', kinesis: 'a Kinesis stream keeps records 24 hours to 365 days' };
    expect(forSource(retention, 'dynamodb')).toBe(retention.dynamodb);
    expect(forSource(retention, 'kinesis')).toBe(retention.kinesis);
    expect(forSource('the same everywhere', 'kinesis')).toBe('the same everywhere');
  });

  it('defineRule spells one text out for both sources, keeps per-source texts, and links the docs page of its id', () => {
    const judgeOnce = () => undefined;
    const rule = defineRule({
      id: 'my-rule',
      meaning: 'does the thing',
      production: 'the thing breaks',
      fix: { dynamodb: 'use SequenceNumber', kinesis: 'use sequenceNumber' },
      judgedBy: 'a table',
      judgeOnce,
    });
    expect(rule.id).toBe('my-rule');
    expect(rule.production).toEqual({ dynamodb: 'the thing breaks', kinesis: 'the thing breaks' });
    expect(rule.fix).toEqual({ dynamodb: 'use SequenceNumber', kinesis: 'use sequenceNumber' });
    expect(rule.docsUrl).toBe(ruleDocsUrl('my-rule'));
    expect(rule.judgeOnce).toBe(judgeOnce);
    expect(rule.meaning).toBe('does the thing');
  });
});
