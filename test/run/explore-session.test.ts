import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../../src/config/settings.js';
import type { RuleId } from '../../src/config/types.js';
import type { Case } from '../../src/judge/case.js';
import type { CaseVerdict } from '../../src/judge/evaluate.js';
import { exploreSession, startThreads } from '../../src/run/explore-session.js';

const rules: RuleId[] = ['per-key-ordering', 'no-silent-loss'];
const settings = (fields: Partial<RunSettings> = {}) => ({ seed: 11, runs: 8, timeBudgetSeconds: 600, workers: 1, config: {}, ...fields }) as RunSettings;
// numbers stand in for generated cases: the session only hands them on
const arbitrary = fc.integer({ min: 0, max: 1_000_000 }) as unknown as fc.Arbitrary<Case>;

/** The session's own judge: notes the cases it saw; `fails` says which rules a case breaks. */
function judge(fails: (c: number) => RuleId[] = () => []) {
  const seen: number[] = [];
  const local = async (c: Case): Promise<CaseVerdict> => {
    const n = c as unknown as number;
    seen.push(n);
    const findings = new Map(fails(n).map((id) => [id, { message: `broke ${id}` }]));
    return { evidence: { ref: { sdk: undefined }, adv: { sdk: undefined } }, findings, observable: true, compared: true, warnings: [`w${n % 2}`] } as unknown as CaseVerdict;
  };
  return { seen, local };
}

describe('exploreSession', () => {
  it('judges exactly the generated sequence of the seed, in order', async () => {
    const { seen, local } = judge();
    const explored = await exploreSession({ settings: settings(), arbitrary, rules, local, threads: [] });
    expect(seen).toEqual(fc.sample(arbitrary, { seed: 11, numRuns: 8 }));
    expect(explored).toMatchObject({ counted: 8, total: 8, upTo: 8, complete: false, cut: false });
    expect(new Set(explored.warnings)).toEqual(new Set(seen.map((n) => `w${n % 2}`)));
  });

  it('a rule’s first failure is the first case whose verdict has its finding; once every rule failed, no more cases', async () => {
    const sequence = fc.sample(arbitrary, { seed: 11, numRuns: 8 }) as unknown as number[];
    const { seen, local } = judge((n) => (n === sequence[2] ? ['no-silent-loss'] : n === sequence[4] ? ['per-key-ordering', 'no-silent-loss'] : []));
    const explored = await exploreSession({ settings: settings(), arbitrary, rules, local, threads: [] });
    expect(explored.firstFailures.get('no-silent-loss')?.index).toBe(2);
    expect(explored.firstFailures.get('per-key-ordering')?.index).toBe(4);
    expect(explored).toMatchObject({ complete: true, upTo: 5, counted: 5 });
    expect(seen).toEqual(sequence.slice(0, 5));
  });

  it('a shard judges only its own cases of the same sequence', async () => {
    const { seen, local } = judge();
    const progress: [number, number][] = [];
    await exploreSession({ settings: settings({ shard: { index: 1, count: 3 } }), arbitrary, rules, local, threads: [], onProgress: (done, total) => progress.push([done, total]) });
    const sequence = fc.sample(arbitrary, { seed: 11, numRuns: 8 });
    expect(seen).toEqual([sequence[1], sequence[4], sequence[7]]);
    expect(progress.at(-1)).toEqual([3, 3]);
  });
});

describe('startThreads', () => {
  it('no worker thread for one worker, no case rule, fewer cases of the share than workers, or settings that cannot cross as data', () => {
    expect(startThreads(settings({ workers: 1 }), undefined, rules)).toEqual([]);
    expect(startThreads(settings({ workers: 4 }), undefined, [])).toEqual([]);
    expect(startThreads(settings({ workers: 4, runs: 1 }), undefined, rules)).toEqual([]);
    expect(startThreads(settings({ workers: 4, runs: 4, shard: { index: 3, count: 4 } }), undefined, rules)).toEqual([]);
    const withFunction = settings({ workers: 4, config: { downstream: { expect: { state: () => ({}) } } } });
    expect(startThreads(withFunction, undefined, rules)).toEqual([]);
  });
});
