import { defineRule } from './rule.js';

export const batchResponseShape = defineRule({
  id: 'batch-response-shape',
  meaning: 'returns a response Lambda accepts: success shapes, or batchItemFailures whose every itemIdentifier is the sequence number of a record in the batch',
  production: 'Lambda rejects the response and retries the whole batch, so every record in it is processed again and a failing record is never isolated.',
  fix: 'Return { batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber }] } (Kinesis: record.kinesis.sequenceNumber) for the records that failed, never eventID, and nothing for success. With TumblingWindowInSeconds, always return { state } (with batchItemFailures beside it when records failed).',
  judgedBy: 'every invocation response, in every run',
  judgeCase({ ref, adv }) {
    for (const [name, run] of [['reference', ref], ['adversarial', adv]] as const) {
      const invocation = run.trace.invocations.find((i) => i.outcome === 'invalid-response');
      if (invocation) {
        return { run: name, invocation, message: `the handler returned ${JSON.stringify(invocation.response)}, which Lambda treats as a failure of the whole batch: ${invocation.error}${eventIdHint(invocation.response)}` };
      }
    }
    return undefined;
  },
});

function eventIdHint(response: unknown): string {
  const ids = ((response as { batchItemFailures?: { itemIdentifier?: unknown }[] } | null)?.batchItemFailures ?? []).map((f) => f?.itemIdentifier);
  return ids.some((id) => typeof id === 'string' && /^[0-9a-f]{32}$|^shardId-/.test(id)) ? ' (it looks like an eventID; use the sequence number)' : '';
}
