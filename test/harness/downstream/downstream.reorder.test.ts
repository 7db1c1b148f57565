import { describe, expect, it } from 'vitest';
import { Downstream } from '../../../src/harness/downstream/downstream.js';
import type { HttpRequest } from '../../../src/harness/protocol.js';

const hook = 'https://hooks.example.com';
const post = (i: number): { id: number; request: HttpRequest } => ({ id: i, request: { url: `${hook}/${i}`, method: 'POST', headers: {}, body: `{"i":${i}}` } });

async function answered(seed: number, reorder: boolean, bursts: number[]): Promise<{ path: string; reordered: boolean }[][]> {
  const d = new Downstream({ dynamodb: undefined, http: { [hook]: { status: 202 } } });
  d.beginRun({ calls: [], invocations: [], reorder, seed });
  d.beginInvocation(0, 0);
  let next = 0;
  const out = [];
  for (const size of bursts) {
    const from = d.calls.length;
    await d.answerRequests(Array.from({ length: size }, () => post(next++)), () => {});
    out.push(d.calls.slice(from).map((c) => ({ path: new URL((c.input as { url: string }).url).pathname, reordered: c.reordered === true })));
  }
  return out;
}

describe('calls answered in an adversarial order are marked', () => {
  it('a burst answered in another order than issued marks each of its calls; one answered in issue order marks none', async () => {
    const seen = { permuted: 0, kept: 0 };
    for (let seed = 1; seed <= 12; seed++) {
      for (const burst of await answered(seed, true, [3])) {
        const inIssueOrder = burst.map((c) => c.path).join() === '/0,/1,/2';
        expect(burst.every((c) => c.reordered === !inIssueOrder)).toBe(true);
        seen[inIssueOrder ? 'kept' : 'permuted']++;
      }
    }
    expect(seen.permuted).toBeGreaterThan(0);
  });

  it('a call alone in flight, or any call of a run without the adversarial order, is never marked', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      expect((await answered(seed, true, [1, 1, 1])).flat().some((c) => c.reordered)).toBe(false);
      expect((await answered(seed, false, [3, 2])).flat().some((c) => c.reordered)).toBe(false);
    }
  });

  it('the mark ends with its burst', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const [, alone] = await answered(seed, true, [3, 1]);
      expect(alone).toEqual([{ path: '/3', reordered: false }]);
    }
  });
});
