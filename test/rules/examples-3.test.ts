import { describe, expect, it } from 'vitest';
import { checkExample, failing, manifest } from './support.js';

// the examples are split over three files so that vitest runs them in parallel processes
const names = Object.keys(manifest).filter((name, i) => !name.startsWith('$') && i % 3 === 3 - 1);

describe('each rule catches the consumer that breaks it and passes the one that keeps it', () => {
  it.each(names)('%s', async (name) => {
    const expected = manifest[name]!;
    const report = await checkExample(name, 5, 60);
    const failed = failing(report);
    for (const rule of expected.fails) expect(failed, `${name} must fail ${rule}`).toContain(rule);
    for (const rule of failed) expect([...expected.fails, ...expected.mayFail], `${name} must not fail ${rule}`).toContain(rule);
    expect(report.ok).toBe(expected.fails.length === 0);
    for (const rule of report.rules.filter((r) => r.status === 'fail')) {
      expect(rule.production).toBeTruthy();
      expect(rule.fix).toBeTruthy();
      if (rule.id !== 'poison-pill-isolation') expect(rule.counterexample?.replay).toBeTruthy();
    }
  });
});
