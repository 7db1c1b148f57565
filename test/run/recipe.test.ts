import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../../src/config/settings.js';
import { plainRecipe, settingsFromRecipe } from '../../src/run/recipe.js';

const settings = (extra: Record<string, unknown>) => ({ handler: 'src/handler.ts', runs: 10, mapping: { batchSize: 5, filters: [null] }, ...extra }) as unknown as RunSettings;

describe('settings recipes for worker threads', () => {
  it.each([
    { what: 'plain data', extra: {}, crosses: true },
    { what: 'a prototype-less object', extra: { env: Object.assign(Object.create(null), { A: '1' }) }, crosses: true },
    { what: 'a function', extra: { setup: () => undefined }, crosses: false },
    { what: 'a function deep in a list', extra: { tables: [{ seed: [{ make: () => 1 }] }] }, crosses: false },
    { what: 'a class instance', extra: { since: new Date(0) }, crosses: false },
    { what: 'a BigInt', extra: { start: 1n }, crosses: false },
  ])('settings holding $what cross as data: $crosses', ({ extra, crosses }) => {
    const recipe = plainRecipe(settings(extra));
    expect(recipe !== undefined).toBe(crosses);
  });

  it('a plain recipe gives the same settings back', async () => {
    const plain = settings({});
    expect(await settingsFromRecipe(plainRecipe(plain)!)).toBe(plain);
  });
});
