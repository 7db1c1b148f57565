import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { entryCode } from '../../src/harness/thread-entry.js';

const root = join(import.meta.dirname, '..', '..');
const from = pathToFileURL(join(root, 'src', 'harness', 'handler-worker.ts')).href;
const saved = process.env.STREAM_CONFORMANCE_COMPILED;

describe('entryCode', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env.STREAM_CONFORMANCE_COMPILED;
    else process.env.STREAM_CONFORMANCE_COMPILED = saved;
  });

  it('from the package, imports the compiled module beside the caller', () => {
    const compiled = pathToFileURL(join(root, 'dist', 'src', 'harness', 'handler-worker.js')).href;
    expect(entryCode('./worker/worker', compiled)).toBe(`import(${JSON.stringify(new URL('./worker/worker.js', compiled).href)});`);
  });

  it('from source, imports the compiled twin the test setup built, and goes through tsx without one', () => {
    process.env.STREAM_CONFORMANCE_COMPILED = join(root, 'dist');
    expect(entryCode('./worker/worker', from)).toBe(`import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'harness', 'worker', 'worker.js')).href)});`);
    // no such build: the source through tsx, under its own namespace or registered for the thread
    process.env.STREAM_CONFORMANCE_COMPILED = join(root, 'no-such-dist');
    expect(entryCode('./worker/worker', from)).toMatch(/\.then\(\(\{ tsImport \}\) => tsImport\(".*\/src\/harness\/worker\/worker\.ts"/);
    delete process.env.STREAM_CONFORMANCE_COMPILED;
    expect(entryCode('./worker/worker', from, 'thread')).toMatch(/\.then\(\(\{ register \}\) => \{ register\(\); return import\(".*\/src\/harness\/worker\/worker\.ts"\); \}\);$/);
  });
});
