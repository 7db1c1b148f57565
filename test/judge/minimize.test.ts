import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArbitrary, sourceKeyOf, type Case } from '../../src/judge/case.js';
import { applyReduction, isEmptyReduction, minimize } from '../../src/judge/minimize.js';

const cases = caseArbitrary({ source: 'dynamodb', config: {} });
const keysOf = (c: Case) => new Set(c.shards.flatMap((s) => s.records.map((r) => sourceKeyOf(r, 'dynamodb').id)));
const finalKeysOf = (c: Case) => new Set((c.finalItems ?? []).map((item) => `pk=${(item.pk as { S: string }).S}`));

describe('minimizing a shrunk case', () => {
  it('a key taken out leaves with all its records and its final item', () =>
    fc.assert(fc.property(cases, fc.nat(), (c, pick) => {
      const keys = [...keysOf(c)];
      fc.pre(keys.length > 0);
      const key = keys[pick % keys.length]!;
      const reduced = applyReduction(c, { keys: [key] }, 'dynamodb');
      expect(keysOf(reduced).has(key)).toBe(false);
      expect(finalKeysOf(reduced).has(key)).toBe(false);
      for (const other of keys.filter((k) => k !== key)) expect(keysOf(reduced).has(other)).toBe(true);
      expect([...finalKeysOf(reduced)].every((k) => finalKeysOf(c).has(k))).toBe(true);
    })));

  it("leaving out a key's earliest records keeps its later records in order, and every final item", () =>
    fc.assert(fc.property(cases, fc.nat(), fc.nat({ max: 3 }), (c, pick, n) => {
      const keys = [...keysOf(c)];
      fc.pre(keys.length > 0);
      const key = keys[pick % keys.length]!;
      const ofKey = (x: Case) => x.shards.flatMap((s) => s.records).filter((r) => sourceKeyOf(r, 'dynamodb').id === key);
      const reduced = applyReduction(c, { earliest: { [key]: n } }, 'dynamodb');
      expect(ofKey(reduced)).toEqual(ofKey(c).slice(n));
      expect(reduced.finalItems).toEqual(c.finalItems);
    })));

  it('takes out every fault the failure does not need, and every key but the ones it needs', () =>
    fc.assert(fc.asyncProperty(cases, async (c) => {
      const keys = [...keysOf(c)];
      fc.pre(keys.length > 0);
      const needed = keys[0]!;
      // a failure that needs the first key and the first call fault, and nothing else
      const neededFault = c.faults.calls[0];
      const fails = async (candidate: Case) => keysOf(candidate).has(needed) && (neededFault === undefined || candidate.faults.calls.includes(neededFault));
      const reduction = await minimize(c, 'dynamodb', fails);
      const reduced = applyReduction(c, reduction, 'dynamodb');
      expect(await fails(reduced)).toBe(true);
      expect([...keysOf(reduced)]).toEqual([needed]);
      // the needed key's earliest records went too: only its last record is needed here
      expect(reduced.shards.flatMap((s) => s.records)).toHaveLength(1);
      expect(reduced.faults.calls).toEqual(neededFault === undefined ? [] : [neededFault]);
      expect(reduced.faults.invocations).toEqual([]);
      expect(reduced.faults.reorder).toBe(false);
    }), { numRuns: 50 }));

  it('a failure that needs everything keeps the case whole', async () => {
    const [c] = fc.sample(cases, { seed: 4, numRuns: 1 });
    const reduction = await minimize(c!, 'dynamodb', async (candidate) => JSON.stringify(candidate) === JSON.stringify(c));
    expect(isEmptyReduction(reduction)).toBe(true);
  });
});
