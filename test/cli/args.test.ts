import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseShard } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/usage-error.js';

function usage(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseCliArgs', () => {
  it('has the documented defaults', () => {
    expect(parseCliArgs([])).toEqual({
      reporters: [{ name: 'console' }],
      out: './conformance-report',
      quiet: false,
      help: false,
      version: false,
    });
  });

  it('parses every flag', () => {
    expect(
      parseCliArgs([
        'src/handler.ts#process', '-c', 'conf/conformance.config.ts', '--source', 'kinesis', '--runs', '200', '--seed', '0',
        '--replay', 'tok3n', '--rule', 'per-key-ordering,no-silent-loss', '--rule', 'mapping-config', '--reporter', 'json=-',
        '--reporter', 'console', '--out', 'reports', '--timeout', '5000', '--quiet', '--template', 'template.yaml',
      ]),
    ).toEqual({
      handler: 'src/handler.ts#process',
      config: 'conf/conformance.config.ts',
      source: 'kinesis',
      runs: 200,
      seed: 0,
      replay: 'tok3n',
      rules: ['per-key-ordering', 'no-silent-loss', 'mapping-config'],
      reporters: [{ name: 'json', path: '-' }, { name: 'console' }],
      out: 'reports',
      timeoutMs: 5000,
      quiet: true,
      template: 'template.yaml',
      help: false,
      version: false,
    });
    expect(parseCliArgs(['--config=x.json', '--seed=2147483647'])).toMatchObject({ config: 'x.json', seed: 2147483647 });
    expect(parseCliArgs(['-h'])).toMatchObject({ help: true });
    expect(parseCliArgs(['--help'])).toMatchObject({ help: true });
    expect(parseCliArgs(['-V'])).toMatchObject({ version: true });
    expect(parseCliArgs(['--version'])).toMatchObject({ version: true });
    expect(parseCliArgs(['--reporter', 'junit=out/junit.xml', '--reporter', 'markdown', '--reporter', 'html=r.html']).reporters).toEqual([
      { name: 'junit', path: 'out/junit.xml' }, { name: 'markdown' }, { name: 'html', path: 'r.html' },
    ]);
    expect(parseCliArgs(['--rule', 'mapping-config', '--rule', 'mapping-config,']).rules).toEqual(['mapping-config']);
  });

  it('refuses bad values with one line naming the flag and the fix', () => {
    expect(usage(['--runs', 'ten'])).toBe('--runs must be a positive integer (e.g. --runs 200), got "ten"');
    expect(usage(['--runs', '0'])).toBe('--runs must be a positive integer (e.g. --runs 200), got "0"');
    expect(usage(['--runs', '1.5'])).toBe('--runs must be a positive integer (e.g. --runs 200), got "1.5"');
    expect(usage(['--seed', '-5'])).toBe('--seed must be an integer from 0 to 2147483647 (e.g. --seed 42), got "-5"');
    expect(usage(['--seed=-5'])).toBe('--seed must be an integer from 0 to 2147483647 (e.g. --seed 42), got "-5"');
    expect(usage(['--seed', '4294967296'])).toMatch(/^--seed must be an integer from 0 to 2147483647/);
    expect(usage(['--timeout', '3s'])).toBe('--timeout must be a positive integer of milliseconds (e.g. --timeout 5000), got "3s"');
    expect(usage(['--source', 'sqs'])).toBe('--source must be dynamodb or kinesis, got "sqs"');
    expect(usage(['--reporter', 'jsn'])).toBe(
      '--reporter: unknown reporter "jsn" (did you mean json?); use console, json, junit, markdown, html or github, optionally name=path',
    );
    expect(usage(['--reporter', 'json='])).toBe('--reporter json=: the path is empty; give a file (json=report.out) or - for stdout');
    expect(usage(['--rule', 'per-key-order'])).toBe(
      '--rule: unknown rule "per-key-order" (did you mean per-key-ordering?); valid ids: batch-response-shape, no-silent-loss, checkpoint-safety, idempotent-redelivery, producer-duplicates, per-key-ordering, valid-record-robustness, poison-pill-isolation, expected-state, mapping-config',
    );
  });

  it('refuses unknown options, missing values and extra positionals', () => {
    expect(usage(['--run', '3'])).toBe('unknown option --run (did you mean --runs?); see conformance --help');
    expect(usage(['--bogus'])).toBe('unknown option --bogus; see conformance --help');
    expect(usage(['-x'])).toBe('unknown option -x; see conformance --help');
    expect(usage(['--runs'])).toBe('--runs needs a value; see conformance --help');
    expect(usage(['-c'])).toBe('-c/--config needs a value; see conformance --help');
    expect(usage(['--quiet=yes'])).toBe('--quiet takes no value; write just --quiet');
    expect(usage(['--config', '--quiet'])).toBe('--config needs a value, but the next argument starts with "-"; write --config=<value>');
    expect(usage(['a.ts', 'b.ts'])).toBe('one handler only, got 2: a.ts b.ts; pass a single path[#export]');
  });
});

describe('--shard and --workers', () => {
  it('parses i/n (1-based) and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 1, count: 4 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard must be i\/n/);
  });

  it('--workers takes 1 to 256', () => {
    expect(parseCliArgs(['--workers', '3']).workers).toBe(3);
    for (const bad of ['0', '-1', 'x', '1.5']) expect(() => parseCliArgs(['--workers', bad])).toThrow(/--workers must be an integer from 1 to 256/);
  });
});
