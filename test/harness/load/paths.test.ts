import { describe, expect, it } from 'vitest';
import { displayPath } from '../../../src/harness/load/paths.js';

describe('displayPath', () => {
  it('shows a path relative to the working directory', () => {
    expect(displayPath('/repo/src/handler.ts', '/repo')).toBe('src/handler.ts');
    expect(displayPath('/repo/src/handler.ts', '/repo/')).toBe('src/handler.ts');
  });

  it('shows the working directory itself as "." and a path outside it with ..', () => {
    expect(displayPath('/repo', '/repo')).toBe('.');
    expect(displayPath('/elsewhere/h.mjs', '/repo')).toBe('../elsewhere/h.mjs');
  });
});
