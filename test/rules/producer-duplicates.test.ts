import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConsumerWithSettings } from '../../src/run/check.js';
import { loadConfig } from '../../src/config/load.js';
import { resolveRunSettings } from '../../src/config/settings.js';

const examples = join(import.meta.dirname, '..', '..', 'examples');

async function check(example: string) {
  const cwd = join(examples, example);
  const settings = resolveRunSettings({ loaded: await loadConfig({ cwd }), cli: { seed: 1000, runs: 20 }, cwd });
  const report = await checkConsumerWithSettings(settings);
  return { report, status: (id: string) => report.rules.find((r) => r.id === id)?.status };
}

// kinesis-sequence-dedup (producer-duplicates made an error) is checked by the zoo: npm run validate
describe('producer-duplicates: a producer retry stored twice is its own finding (issue 14)', () => {
  it('a raw archive keyed by sequence number is not failed: producer-duplicates warns, idempotent-redelivery passes', async () => {
    const { report, status } = await check('kinesis-raw-archive');
    expect(status('producer-duplicates')).toBe('warn');
    expect(status('idempotent-redelivery')).toBe('pass');
    expect(report.ok).toBe(true);
    const rule = report.rules.find((r) => r.id === 'producer-duplicates')!;
    expect(rule.message).toMatch(/^a producer retry wrote record \d+ again \(same partition key and data, new sequence number \d+\)/);
    expect(rule.counterexample?.faults).toContainEqual(expect.objectContaining({ kind: 'producer-retry' }));
  }, 180_000);
});
