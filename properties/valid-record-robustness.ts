import type { Rule } from './rule.js';

export const validRecordRobustness: Rule = {
  id: 'valid-record-robustness',
  meaning: 'processes every valid record without failing when nothing is faulty (REMOVE without NewImage, TTL deletions, every attribute type, large items)',
  production: {
    dynamodb: 'A record that is valid but unexpected (a REMOVE, a TTL deletion, a set or a 38-digit number) fails every time, so it is retried until it is discarded or expires while its shard stalls.',
    kinesis: 'A record that is valid but unexpected (a payload of another shape, unicode, a large record) fails every time, so it is retried until it is discarded or expires while its shard stalls.',
  },
  fix: {
    dynamodb: 'Handle every event name and the images your StreamViewType really carries: REMOVE has no NewImage, MODIFY may follow no INSERT, numbers can exceed Number.MAX_SAFE_INTEGER (unmarshall with wrapNumbers or keep them as strings).',
    kinesis: 'Decode kinesis.data from base64 before parsing it (Buffer.from(data, "base64")), and handle every payload your producers write: optional fields missing, unicode, large records.',
  },
  judgedBy: 'reference runs with no faults',
  judgeCase({ ref }) {
    const invocation = ref.trace.invocations.find((i) => i.outcome !== 'success');
    if (!invocation) return undefined;
    const what = invocation.outcome === 'partial'
      ? `reported record ${invocation.sequenceNumbers[invocation.failureIndex!]} as failed`
      : `failed (${invocation.outcome}${invocation.error ? `: ${invocation.error}` : ''})`;
    return { run: 'reference', invocation, message: `with no faults at all, the handler ${what} on a batch of ${invocation.sequenceNumbers.length} valid record(s)` };
  },
};
