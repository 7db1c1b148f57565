import { producerDuplicates } from '../../properties/producer-duplicates.js';
import { kinesis } from '../support/records.js';
import { attributed, evidence, shardId, skipContext, testRule } from './rule-tester.js';

const copy = `a producer retry wrote record 100 again (same partition key and data, new sequence number 200), and the downstream kept it as a second event: deduplicate on a business key in the data, which a producer's copy shares (its sequence number is new)`;
const shards = [{ shardId, records: [kinesis('100', { partitionKey: 'order-1' }), kinesis('200', { partitionKey: 'order-1' })] }];
const withCopies = (producerDifferences: ReturnType<typeof attributed>[] | undefined) =>
  evidence({ source: 'kinesis', advShards: shards, retries: [{ shardId, original: '100', copy: '200' }], producerDifferences });

testRule(producerDuplicates, {
  valid: [
    { name: 'a case without producer copies', input: evidence({ source: 'kinesis' }) },
    { name: 'copies that left the state as one write did (deduplicated on a business key)', input: withCopies([]) },
  ],
  invalid: [
    {
      name: 'a copy kept as a second event',
      input: withCopies([attributed('producer-duplicates', copy, { kind: 'extra', where: 'table audit', id: '["order-1","200"]' })]),
      message: /^a producer retry wrote record 100 again \(same partition key and data, new sequence number 200\), and the downstream kept it as a second event/,
    },
    {
      name: 'the first of several differences is the message',
      input: withCopies([attributed('producer-duplicates', copy, { kind: 'changed' }), attributed('producer-duplicates', 'another copy', { kind: 'extra' })]),
      message: /^a producer retry wrote record 100 again/,
    },
  ],
  skips: [
    { name: 'a DynamoDB stream', input: skipContext({ source: 'dynamodb' }), reason: /^producer retries write copies into Kinesis streams only; a DynamoDB stream has one record per change$/ },
    { name: 'a Kinesis stream', input: skipContext({ source: 'kinesis' }), reason: undefined },
  ],
});
