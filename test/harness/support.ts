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

/** Starts harnesses for a test file and closes them all after it. */
export function harnesses(afterAll: (fn: () => Promise<unknown>) => void) {
  const open: Harness[] = [];
  afterAll(() => Promise.all(open.map((h) => h.close())));
  return async (handler: string, options: Partial<HarnessOptions> = {}): Promise<Harness> => {
    const h = await startHarness(handler, options);
    open.push(h);
    return h;
  };
}
