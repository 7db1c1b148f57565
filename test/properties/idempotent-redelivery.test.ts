import { idempotentRedelivery } from '../../properties/idempotent-redelivery.js';
import type { Shard } from '../../src/model/types.js';
import { kinesis } from '../support/records.js';
import { differentialSkips } from './differential.js';
import { attributed, difference, evidence, shardId, testRule } from './rule-tester.js';

const kinesisShards: Shard[] = [{ shardId, records: [kinesis('100', { partitionKey: 'order-1' }), kinesis('200', { partitionKey: 'order-1' })] }];

testRule(idempotentRedelivery, {
  valid: [{ name: 'no differences', input: evidence() }],
  invalid: [
    {
      name: 'an effect applied twice',
      input: evidence({ differences: [attributed('idempotent-redelivery', 'an effect was applied more than once when records were delivered again', { kind: 'extra' })] }),
      message: /^an effect was applied more than once when records were delivered again \(table out holds an extra \["a"\]\)$/,
    },
  ],
  attributes: [
    { name: 'an extra effect', input: { difference: difference({ kind: 'extra' }), evidence: evidence() }, reason: /^an effect was applied more than once when records were delivered again$/ },
    { name: 'a missing effect', input: { difference: difference(), evidence: evidence() }, reason: /^an effect went missing when records were delivered more than once$/ },
    { name: 'a changed value', input: { difference: difference({ kind: 'changed' }), evidence: evidence() }, reason: /^redelivered records left a different value than exactly-once delivery$/ },
    // a Kinesis producer retry's copy is judged by producer-duplicates: the adversarial run is compared with the stream that holds the copies
    {
      name: 'a difference on a key a producer retry copied (the copy is in the reference: whatever differs is redelivery)',
      input: { difference: difference({ kind: 'extra', keys: ['order-1'] }), evidence: evidence({ source: 'kinesis', advShards: kinesisShards, retries: [{ shardId, original: '100', copy: '200' }] }) },
      reason: /^an effect was applied more than once when records were delivered again$/,
    },
  ],
  skips: differentialSkips,
});
