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
    {
      name: 'a Kinesis producer retry applied twice',
      input: { difference: difference({ kind: 'extra', keys: ['order-1'] }), evidence: evidence({ source: 'kinesis', advShards: kinesisShards, retries: [{ shardId, original: '100', copy: '200' }] }) },
      reason: /^a producer retry wrote the data of record 100 again under a new sequence number, and the consumer applied it twice: deduplicate on a business key/,
    },
  ],
  skips: differentialSkips,
});
