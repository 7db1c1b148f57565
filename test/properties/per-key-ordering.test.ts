import { perKeyOrdering } from '../../properties/per-key-ordering.js';
import type { Shard } from '../../src/model/types.js';
import { ddb } from '../support/records.js';
import { differentialSkips } from './differential.js';
import { attributed, difference, evidence, s1, s2, s3, shardId, testRule } from './rule-tester.js';

// key a: s1 (v 1), then s3 (v 3); ddb() images carry v = the sequence number
const newer = { pk: { S: 'a' }, v: { N: s3 } };
const older = { pk: { S: 'a' }, v: { N: s1 } };
const removedThenWritten: Shard[] = [{ shardId, records: [ddb(s1, { key: 'a', eventName: 'INSERT' }), ddb(s2, { key: 'a', eventName: 'REMOVE' }), ddb(s3, { key: 'a', eventName: 'INSERT' })] }];

testRule(perKeyOrdering, {
  valid: [{ name: 'no differences', input: evidence() }],
  invalid: [
    {
      name: 'messages out of stream order',
      input: evidence({ differences: [attributed('per-key-ordering', 'messages for one item key were emitted out of stream order', { kind: 'order', where: 'sqs queue', id: 'pk=a' })] }),
      message: /^messages for one item key were emitted out of stream order \(messages for pk=a were emitted in another order\)$/,
    },
  ],
  attributes: [
    { name: 'messages out of order', input: { difference: difference({ kind: 'order', where: 'sqs queue' }), evidence: evidence() }, reason: /^messages for one item key were emitted out of stream order$/ },
    {
      name: 'an older image over a newer one',
      input: { difference: difference({ kind: 'changed', expected: newer, actual: older }), evidence: evidence() },
      reason: new RegExp(`^an older image overwrote a newer one: the downstream holds the image of record ${s1} although record ${s3} \\(MODIFY\\) came after it$`),
    },
    {
      name: 'an older REMOVE applied after a newer write',
      input: { difference: difference({ kind: 'missing', expected: newer }), evidence: evidence({ advShards: removedThenWritten }) },
      reason: new RegExp(`^an older REMOVE was applied after a newer write: record ${s2} \\(REMOVE\\) came before record ${s3} \\(INSERT\\), yet the item is gone$`),
    },
    { name: 'the newest image, but counted twice', input: { difference: difference({ kind: 'changed', expected: newer, actual: newer }), evidence: evidence() }, reason: undefined },
    { name: 'a message is not an image', input: { difference: difference({ kind: 'changed', where: 'sqs queue', expected: newer, actual: older }), evidence: evidence() }, reason: undefined },
  ],
  skips: differentialSkips,
});
