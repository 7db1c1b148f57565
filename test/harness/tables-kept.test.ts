import { describe, expect, it } from 'vitest';
import { TablesKept } from '../../src/harness/tables-kept.js';

/** The tables' content over time, and how often it was looked at. */
function tables(...states: unknown[]) {
  let looks = 0;
  const kept = new TablesKept(async () => states[Math.min(looks++, states.length - 1)]);
  return { kept, looks: () => looks };
}

describe('TablesKept: whether a failing attempt left the tables as it found them', () => {
  it('an invocation that is repeatable anyway needs no look; one that is not forgets what is known', async () => {
    const { kept, looks } = tables({ t: [1] });
    expect(await kept.repeatable('yes')).toBe(true);
    expect(await kept.repeatable('no')).toBe(false);
    expect(looks()).toBe(0);
  });

  it('the first look knows nothing before it; the same content after the next attempt is repeatable', async () => {
    const { kept, looks } = tables({ t: [1] }, { t: [1] });
    expect(await kept.repeatable('if-tables-kept')).toBe(false);
    expect(await kept.repeatable('if-tables-kept')).toBe(true);
    expect(looks()).toBe(2);
  });

  it('an attempt that changed the tables is not repeatable', async () => {
    const { kept } = tables({ t: [1] }, { t: [1, 2] }, { t: [1, 2] });
    expect(await kept.repeatable('if-tables-kept')).toBe(false);
    expect(await kept.repeatable('if-tables-kept')).toBe(false);
    expect(await kept.repeatable('if-tables-kept')).toBe(true);
  });

  it('after an invocation that was not looked at, the content before is unknown again', async () => {
    const { kept } = tables({ t: [1] });
    expect(await kept.repeatable('if-tables-kept')).toBe(false);
    expect(await kept.repeatable('no')).toBe(false);
    expect(await kept.repeatable('if-tables-kept')).toBe(false);
    expect(await kept.repeatable('if-tables-kept')).toBe(true);
  });
});
