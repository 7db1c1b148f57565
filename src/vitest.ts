import { beforeAll, describe, it } from 'vitest';
import { formatConsole } from '../reports/console.js';
import { checkConsumer, type CheckOptions } from './check.js';
import { ruleIds, type ConformanceConfig } from './config/types.js';
import type { Report } from '../reports/report.js';

/**
 * One vitest test per conformance rule: the check runs once (in `beforeAll`), each rule's test
 * fails with its counterexample, and rules that cannot be judged are skipped with the reason.
 */
export function describeConformance(config: ConformanceConfig, options: CheckOptions & { cwd?: string; seed?: number; runs?: number; timeoutMs?: number } = {}): void {
  describe(`stream-conformance: ${config.handler ?? 'handler'}`, () => {
    let report: Report;
    beforeAll(async () => {
      report = await checkConsumer(config, { replayCall: 'describeConformance', ...options });
    }, options.timeoutMs ?? 600_000);
    for (const id of ruleIds) {
      if (config.rules?.[id] === 'off') continue;
      it(id, (context) => {
        const rule = report.rules.find((r) => r.id === id);
        if (rule === undefined || rule.status === 'skip') {
          context.skip(rule?.message ?? 'not run');
          return;
        }
        if (rule.status === 'fail') throw new Error(formatConsole({ ...report, rules: [rule] }, { color: false }));
      });
    }
  });
}
