import { describe, expect, it } from 'vitest';
import { Random } from '../../src/model/random.js';

describe('Random (the model\'s seeded generator)', () => {
  it('repeats for the same seed and differs for another', () => {
    const draw = (seed: number) => { const r = new Random(seed); return [r.next(), r.next(), r.next()]; };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws in [0, 1)', () => {
    const r = new Random(123);
    for (let i = 0; i < 1000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it.each([1, 8, 13, 32])('hex(%i) has that many hex digits', (length) => {
    expect(new Random(1).hex(length)).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
  });

  it('uuid() is a version 4, RFC 4122 variant UUID', () => {
    const r = new Random(42);
    for (let i = 0; i < 50; i++) expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
