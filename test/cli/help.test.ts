import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, parseCliArgs, REPORTER_NAMES } from '../../src/cli/args.js';
import { HELP_TEXT } from '../../src/cli/help.js';
import { DEFAULT_RUNS } from '../../src/config/settings.js';

describe('help', () => {
  it('fits one 80×24 screen and shows an example, the exit codes and where the config is looked for', () => {
    const lines = HELP_TEXT.replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(23); // one line left for the prompt
    for (const line of lines) expect(line.length).toBeLessThan(80);
    expect(HELP_TEXT).toContain('npx conformance src/handler.ts --runs 200 --reporter json');
    expect(HELP_TEXT).toMatch(/Exit codes: 0 .*, 1 .*\n\s+2 /);
    expect(HELP_TEXT).toContain('conformance.config.ts, .mts,\n');
    for (const flag of ['--config', '--source', '--runs', '--seed', '--replay', '--rule', '--reporter', '--out', '--timeout', '--workers', '--shard', '--quiet', '--template', '--help', '--version', 'conformance merge']) {
      expect(HELP_TEXT).toContain(flag);
    }
  });
});

describe('what the help says is true', () => {
  it('every flag it shows is one the command takes, with a value where it shows one', () => {
    const optionLines = HELP_TEXT.split('\n').filter((line) => /^ {2}-/.test(line));
    const shown = optionLines.flatMap((line) => [...line.matchAll(/(?:(-\w), )?(--[\w-]+)( <[^>]+>)?/g)]);
    expect(shown.length).toBeGreaterThanOrEqual(15);
    const values: Record<string, string> = { '--source': 'kinesis', '--runs': '2', '--seed': '1', '--timeout': '10', '--workers': '1', '--shard': '1/2', '--rule': 'per-key-ordering', '--reporter': 'json', '--replay': 't' };
    for (const [, short, long, value] of shown) {
      for (const flag of [short, long].filter((f) => f !== undefined)) {
        expect(() => parseCliArgs(value ? [flag, values[long!] ?? 'x'] : [flag]), flag).not.toThrow();
      }
    }
  });

  it('the defaults it names are the defaults', () => {
    expect(HELP_TEXT).toContain(`generated cases, shared by the rules (default ${DEFAULT_RUNS})`);
    expect(HELP_TEXT).toContain(`(${DEFAULT_OUT_DIR})`);
    expect(parseCliArgs([]).reporters).toEqual([{ name: 'console' }]);
    expect(HELP_TEXT).toContain(`${REPORTER_NAMES[0]} (default), ${REPORTER_NAMES.slice(1, 5).join(', ')},`);
    expect(HELP_TEXT).toContain(`${REPORTER_NAMES.at(-1)}; repeatable`);
  });
});
