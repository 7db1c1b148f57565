import { describe, expect, it } from 'vitest';
import { budgetWarning } from '../../src/run/budget.js';
import { checkConsumer } from '../../src/run/check.js';

describe('a time budget that cuts the exploration is said, not silent (issue 14)', () => {
  it('the report warns with the runs done of the runs asked, and each rule reports the runs it had', async () => {
    const report = await checkConsumer({
      handler: 'test/fixtures/consumers/needs-message.mjs',
      items: { attributes: { Message: { required: true, samples: ['hi'] } } },
      rules: { 'mapping-config': 'off', 'poison-pill-isolation': 'off' },
      // far less than one generated case takes, whatever the machine: one case, then the budget is spent
      timeBudgetSeconds: 0.001,
    }, { seed: 1, runs: 40 });
    const cut = report.warnings.find((w) => w.includes('time budget'));
    expect(cut).toMatch(/^the time budget \(timeBudgetSeconds 0\.001\) ran out after (\d+) of 40 generated cases/);
    const done = Number(/after (\d+) of/.exec(cut!)![1]);
    expect(done).toBeLessThan(40);
    const robustness = report.rules.find((r) => r.id === 'valid-record-robustness')!;
    expect(robustness.runs).toBe(done);
  }, 120_000);
});

describe('budgetWarning', () => {
  it('names the setting as configured, the cases counted of the sequence, the --runs the verdict equals, and three ways out', () => {
    expect(budgetWarning({ counted: 3, total: 20, upTo: 6 }, 1.5)).toBe(
      'the time budget (timeBudgetSeconds 1.5) ran out after 3 of 20 generated cases: the verdict is that of --runs 6; raise timeBudgetSeconds, add --workers, or spread the run with --shard',
    );
  });
});
