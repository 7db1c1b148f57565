import { describe, expect, it } from 'vitest';
import { expectedState } from '../../properties/expected-state.js';
import { poisonPillIsolation } from '../../properties/poison-pill-isolation.js';
import { forSource } from '../../properties/rule.js';
import { validRecordRobustness } from '../../properties/valid-record-robustness.js';

describe('per-source texts of the rules', () => {
  it('fix texts speak of the source: base64 for Kinesis, REMOVE and unmarshall for DynamoDB', () => {
    expect(forSource(validRecordRobustness.fix, 'kinesis')).toMatch(/base64/);
    expect(forSource(validRecordRobustness.fix, 'kinesis')).not.toMatch(/REMOVE|NewImage|unmarshall/);
    expect(forSource(validRecordRobustness.fix, 'dynamodb')).toMatch(/REMOVE/);
    expect(forSource(expectedState.fix, 'kinesis')).not.toMatch(/REMOVE|TTL/);
    expect(forSource(poisonPillIsolation.production, 'kinesis')).not.toMatch(/DynamoDB/);
  });
});
