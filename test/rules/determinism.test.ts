import { describe, expect, it } from 'vitest';
import type { Report } from '../../reports/report.js';
import { checkExample } from './support.js';

const withoutDurations = ({ durationMs: _d, explorationMs: _e, ...report }: Report) => ({
  ...report,
  rules: report.rules.map(({ durationMs: _, firstFailure, ...rule }) => ({ ...rule, firstRun: firstFailure?.run })),
});

describe('determinism', () => {
  // one check serves both tests: the second replays the first's counterexample
  let checked: Promise<Report> | undefined;
  const firstCheck = () => (checked ??= checkExample('orders-projection-unordered', 9, 25, { rules: ['per-key-ordering', 'batch-response-shape'] }));

  it('the same seed gives the same report, counterexamples and replay tokens included', async () => {
    const first = await firstCheck();
    const second = await checkExample('orders-projection-unordered', 9, 25, { rules: ['per-key-ordering', 'batch-response-shape'] });
    expect(first.rules.find((r) => r.id === 'per-key-ordering')?.status).toBe('fail');
    expect(withoutDurations(second)).toEqual(withoutDurations(first));
  });

  it('a replay token reruns exactly the shrunk case', async () => {
    const report = await firstCheck();
    const failure = report.rules.find((r) => r.id === 'per-key-ordering')!;
    expect(failure.status).toBe('fail');
    const { loadConfig } = await import('../../src/config/load.js');
    const { resolveRunSettings } = await import('../../src/config/settings.js');
    const { checkConsumerWithSettings } = await import('../../src/run/check.js');
    const { examplesDir } = await import('./support.js');
    const cwd = `${examplesDir}/orders-projection-unordered`;
    const settings = resolveRunSettings({ loaded: await loadConfig({ cwd }), cli: { seed: 1234 }, cwd });
    const replayed = await checkConsumerWithSettings(settings, { replay: failure.counterexample!.replay });
    expect(replayed.rules.map((r) => r.id)).toEqual(['per-key-ordering']);
    expect(replayed.seed).toBe(9);
    expect(replayed.rules[0]!.counterexample!.records).toEqual(failure.counterexample!.records);
    expect(replayed.rules[0]!.counterexample!.differences).toEqual(failure.counterexample!.differences);
  });
});
