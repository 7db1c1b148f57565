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

/**
 * Starts harnesses for a test file and closes them all after it. With `share`, tests asking for the
 * same handler with the same options share one harness (starting one loads a thread and the
 * handler's libraries, seconds on a busy machine): each run of a harness starts the handler's module
 * state afresh (test/harness/harness.test.ts). Not for tests of a harness's own life (its threads,
 * its hang budget), nor for HTTP clients: what a connection reset did to one run's sockets showed in
 * the next run's (test/harness/gateway.test.ts).
 */
export function harnesses(afterAll: (fn: () => Promise<unknown>) => void, { share = false }: { share?: boolean } = {}) {
  const open = new Map<string, Promise<Harness>>();
  let unshared = 0;
  afterAll(() => Promise.all([...open.values()].map(async (h) => (await h).close())));
  return (handler: string, options: Partial<HarnessOptions> = {}): Promise<Harness> => {
    // options holding a function are not compared: such a harness is not shared
    const key = share ? JSON.stringify([handler, options], (_, value: unknown) => (typeof value === 'function' ? `unshared ${unshared++}` : value)) : `unshared ${unshared++}`;
    let h = open.get(key);
    if (!h) {
      h = startHarness(handler, options);
      open.set(key, h);
      // a start that failed is not kept: the next test asking tries again
      h.catch(() => open.delete(key));
    }
    return h;
  };
}
