import { Harness, type HarnessOptions } from '../../src/harness/harness.js';
import type { FaultSchedule } from '../../src/harness/faults.js';

export const fixtures = 'test/fixtures/consumers';

export const replicaTables = [
  { TableName: 'replica', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' },
];

export function startHarness(handler: string, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  return Harness.start({ handler: `${fixtures}/${handler}`, tables: replicaTables, ...options });
}

export function faults(partial: Partial<FaultSchedule>): FaultSchedule {
  return { calls: [], invocations: [], reorder: false, seed: 1, ...partial };
}
