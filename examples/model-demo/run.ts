/**
 * The main job until the `conformance` CLI exists: generate a random write history on an orders
 * table (two shards that may split), deliver it through the event source mapping model to the
 * bundled consumer, and print the timeline. `npm run demo -- --seed 7` replays a run.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { dynamodbStream, keySchema } from '../../generators/index.js';
import { formatTimeline } from '../../reports/timeline.js';
import { simulate } from '../../src/index.js';
import { handler, projection } from './handler.js';

const { values } = parseArgs({ options: { seed: { type: 'string' } } });
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error(`--seed must be an integer, got ${values.seed}`);
  process.exit(2);
}

const orders = dynamodbStream({
  keySchema: keySchema({ name: 'orderId', type: 'S' }),
  viewType: 'NEW_AND_OLD_IMAGES',
  shardCount: 2,
  allowSplits: true,
  minWrites: 12,
  maxRecords: 20,
  items: {
    samples: [
      { status: 'NEW', total: 3 }, { status: 'PAID', total: 12 }, { status: 'SHIPPED', total: 40 }, { status: 'DELIVERED' },
      { status: 'NEW', total: 7 }, { status: 'PAID' }, { status: 'CANCELLED', total: 0 }, { status: 'POISON' },
    ],
  },
});
const [stream] = fc.sample(orders, { seed, numRuns: 1 });
const mapping = {
  StartingPosition: 'TRIM_HORIZON' as const,
  BatchSize: 5,
  FunctionResponseTypes: ['ReportBatchItemFailures'],
  BisectBatchOnFunctionError: true,
  MaximumRetryAttempts: 2,
  DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' } },
};

console.log(`stream-conformance model demo — seed ${seed} (replay: npm run demo -- --seed ${seed})`);
console.log(`${stream!.changes.length} records from ${stream!.history.length} writes on ${stream!.shards.length} shard(s); mapping ${JSON.stringify(mapping)}\n`);
const trace = await simulate({ shards: stream!.shards, mapping, handler, durationMs: 40 });
console.log(formatTimeline(trace));
console.log(`\nprojection holds ${projection.size} item(s); the source table ends with ${stream!.finalItems.length}`);
