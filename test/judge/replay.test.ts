import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';
import { assertSameSettings, decodeReplay, encodeReplay, settingsDigest, type ReplaySettings } from '../../src/judge/replay.js';

const settings: ReplaySettings = {
  handler: 'handler.ts', source: 'dynamodb', timeoutMs: 3000,
  config: { mapping: { BatchSize: 10, MaximumRetryAttempts: 3 }, downstream: { ignoreFields: ['at'] } },
};

describe('replay tokens', () => {
  it('round-trip what shaped the case, and replay under the same settings', () => {
    const token = decodeReplay(encodeReplay({ seed: 7, path: '3:1', rule: 'per-key-ordering', drop: { calls: [1] }, settings: settingsDigest(settings) }));
    expect(token).toMatchObject({ v: 2, seed: 7, path: '3:1', rule: 'per-key-ordering', drop: { calls: [1] } });
    expect(() => assertSameSettings(token, { ...settings, config: { ...settings.config } })).not.toThrow();
  });

  it('refuse a replay under other settings, naming each part that differs', () => {
    const token = decodeReplay(encodeReplay({ seed: 7, path: '3', rule: 'per-key-ordering', settings: settingsDigest(settings) }));
    const other = { ...settings, timeoutMs: 5000, config: { ...settings.config, mapping: { BatchSize: 100 } } };
    expect(() => assertSameSettings(token, other)).toThrow(/different settings \(the mapping \(mapping, or the template\); function settings \(function, --timeout, or the template\)\)/);
  });

  it('refuse what is not a token, and tokens of the older format, with one line each', () => {
    expect(() => decodeReplay('nonsense')).toThrow(/is not a replay token/);
    const v1 = Buffer.from(JSON.stringify({ v: 1, seed: 1, path: '0', rule: 'per-key-ordering' })).toString('base64url');
    expect(() => decodeReplay(v1)).toThrow(/older version/);
  });
});

const root = join(import.meta.dirname, '..', '..');

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    cwd: root,
    env: { NO_COLOR: '1' },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('a replay printed after a --template run', () => {
  it('carries --template, reproduces the failure, and is refused without the template', async () => {
    const template = ['--template', 'test/fixtures/templates/sam/template.yaml'];
    const handler = 'examples/orders-projection-unordered/handler.ts';
    // one harness (the report does not depend on the worker count: test/run/pool.test.ts)
    const first = await cli([...template, handler, '--rule', 'per-key-ordering', '--runs', '40', '--seed', '3', '--workers', '1']);
    expect(first.code).toBe(1);
    const replayLine = first.stdout.split('\n').find((line) => line.trim().startsWith('Replay:'))!;
    expect(replayLine).toContain('--template test/fixtures/templates/sam/template.yaml');
    const words = replayLine.trim().replace(/^Replay: npx conformance /, '').split(' ');

    const replayed = await cli(words);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toContain('FAIL per-key-ordering');

    const withoutTemplate = words.filter((w, i) => w !== '--template' && words[i - 1] !== '--template');
    const refused = await cli(withoutTemplate);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/recorded under different settings \(.*the mapping/);
  });
});
