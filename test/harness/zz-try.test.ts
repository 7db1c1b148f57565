import { afterAll, it } from 'vitest';
import { ddb, seqs } from '../support/records.js';
import { harnesses, faults } from './support.js';
const harness = harnesses(afterAll);
it('try', async () => {
  const h = await harness(process.env.FIX!, {});
  const t = Date.now();
  const run = await h.run({ shards: [{ shardId: 's', records: [ddb(seqs(1)[0]!, { key: 'k1' })] }], faults: faults({ calls: [
    { kind: 'error', call: 0, error: 'throttling', attempts: 99 },
    { kind: 'error', call: 3, error: 'server-error', attempts: 99 },
    { kind: 'partial-batch', call: 4, failed: [1] },
    { kind: 'error', call: 5, error: 'network-reset', attempts: 1 },
    { kind: 'error', call: 6, error: 'throttling', attempts: 99 },
    { kind: 'partial-batch', call: 7, failed: [0] },
  ] }) });
  console.log(Date.now() - t);
  console.log(JSON.stringify(run.trace.invocations[0]!.response, null, 0).slice(0, 6000));
  console.log(run.calls.map((c) => `${c.call}.${c.attempt} ${c.service} ${c.operation} ${c.outcome} ${c.fault ?? ''}`).join('\n'));
}, 60000);
