import { describe, expect, it } from 'vitest';
import { runInThread } from './support.js';

interface Draw { math: number[]; uuid: string; globalUuid: string; bytes: string; int: number; values: number[] }
interface Seen {
  dates: { now: number; constructed: number; called: string; given: string; parsed: number };
  later: { now: number; iso: string; instance: boolean };
  first: Draw;
  again: Draw;
  nextInvocation: Draw;
  otherSeed: Draw;
}

describe('the handler thread sees virtual time and seeded randomness', () => {
  it('Date follows the virtual clock; Math.random and crypto (global and node:crypto) replay per seed and invocation', async () => {
    const [seen] = (await runInThread(new URL('./determinism.scenario.ts', import.meta.url))) as [Seen];
    expect(seen.dates).toEqual({ now: 1_700_000_000_000, constructed: 1_700_000_000_000, called: new Date(1_700_000_000_000).toString(), given: '1970-01-01T00:00:00.000Z', parsed: Date.parse('2024-01-01T00:00:00Z') });
    expect(seen.later).toEqual({ now: 1_700_000_123_456, iso: new Date(1_700_000_123_456).toISOString(), instance: true });
    // the same seed and invocation: the same draws, whatever came before (a cold start re-seeds the same way)
    expect(seen.again).toEqual(seen.first);
    expect(seen.nextInvocation).not.toEqual(seen.first);
    expect(seen.otherSeed).not.toEqual(seen.first);
    for (const draw of [seen.first, seen.nextInvocation, seen.otherSeed]) {
      for (const x of draw.math) expect(x >= 0 && x < 1).toBe(true);
      expect(draw.math[0]).not.toBe(draw.math[1]);
      expect(draw.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(draw.globalUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(draw.bytes).toMatch(/^[0-9a-f]{16}$/);
      expect(draw.int >= 10 && draw.int < 20).toBe(true);
      expect(draw.values).toHaveLength(4);
    }
  });
});
