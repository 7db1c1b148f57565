import { beforeAll, describe, it } from 'vitest';
import { formatConsole } from '../reports/console.js';
import { checkConsumer, type CheckOptions } from './run/check.js';
import { ruleIds, type ConformanceConfig } from './config/types.js';
import type { Report } from '../reports/report.js';

/**
 * One vitest test per conformance rule: the check runs once (in `beforeAll`), each rule's test
 * fails with its counterexample, and rules that cannot be judged are skipped with the reason.
 */
export function describeConformance(config: ConformanceConfig, options: CheckOptions & { cwd?: string; seed?: number; runs?: number; timeoutMs?: number } = {}): void {
  describe(`stream-conformance: ${config.handler ?? 'handler'}`, () => {
    let report: Report;
    const timeoutMs = options.timeoutMs ?? 600_000;
    beforeAll(async () => {
      report = await checkWithin(config, options, timeoutMs);
    }, timeoutMs + releaseMs);
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

/** Time the hook is given past `timeoutMs` to release what the stopped check held. */
const releaseMs = 30_000;

/**
 * The check, stopped at `timeoutMs` (before vitest's own hook timeout, which would leave it running
 * beside the next tests): its workers, threads and stores are released before this rejects.
 */
export async function checkWithin(config: ConformanceConfig, options: CheckOptions & { cwd?: string; seed?: number; runs?: number }, timeoutMs: number): Promise<Report> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the conformance check did not finish within ${timeoutMs} ms (describeConformance's timeoutMs): it was stopped; raise timeoutMs or lower runs`)), timeoutMs);
  const abandon = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    return await checkConsumer(config, { replayCall: 'describeConformance', ...options, signal: controller.signal });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abandon);
  }
}
