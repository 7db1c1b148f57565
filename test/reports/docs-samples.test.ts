import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageSample, root, rulePages, runSample, withoutTimes } from '../../scripts/docs-samples.js';
import { parseCliArgs } from '../../src/cli/args.js';

const read = (page: string) => readFileSync(join(root, 'docs', 'rules', page), 'utf8');

/**
 * The sample outputs of the rule docs are written by `npm run docs:samples` (`-- --check` checks
 * every page). Here: every page has one, for its own rule and example, and one page's sample is
 * produced again and compared (all of them would take minutes).
 */
describe('rule docs sample outputs (issue 14: they cannot go stale)', () => {
  it('every page shows a command for its own example and the block its rule prints', () => {
    for (const page of rulePages()) {
      const sample = pageSample(page, read(page));
      const args = parseCliArgs(sample.command.split(/\s+/));
      expect(args.config, page).toBe(`docs/rules/examples/${sample.rule}/${args.config!.split('/').at(-1)}`);
      expect(sample.output, page).toMatch(new RegExp(`(^|\\n)(FAIL|WARN) ${sample.rule} {2}\\(\\d+ runs?, \\d+\\.\\d s, seed \\d+\\)\\n`));
      // rules judged on generated cases end with the replay command (judged-once rules have none)
      if (sample.output.includes('Counterexample (shrunk):')) expect(sample.output, page).toMatch(/\n {2}Replay: npx conformance .*\n$/);
    }
  });

  it("per-key-ordering's sample is what its command prints now", async () => {
    const sample = pageSample('per-key-ordering.md', read('per-key-ordering.md'));
    expect(withoutTimes(await runSample(sample))).toBe(withoutTimes(sample.output));
  }, 300_000);
});
