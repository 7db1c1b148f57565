import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureConsole, OUTPUT_LIMITS } from '../../../src/harness/worker/console-capture.js';

/** The streams as the handler's thread has them: what reaches them is kept here instead of the test's output. */
const reached: string[] = [];
const realWrites = [process.stdout.write, process.stderr.write] as const;
let capture: ReturnType<typeof captureConsole>;

beforeAll(() => {
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: unknown) => reached.push(String(chunk)) > 0) as typeof stream.write;
  }
  capture = captureConsole('/repo/');
});
afterAll(() => {
  [process.stdout.write, process.stderr.write] = realWrites;
});

function captured(write: () => void) {
  capture.begin();
  write();
  return capture.end();
}

describe('captureConsole: what the handler writes during an invocation', () => {
  it('records stdout and stderr in order, line by line, joining partial writes, and still writes them', () => {
    reached.length = 0;
    const output = captured(() => {
      process.stdout.write('batch of 2\nproc');
      process.stderr.write(Buffer.from('essing 1\n'));
      process.stdout.write('last, without newline');
    });
    expect(output).toEqual({ lines: ['batch of 2', 'processing 1', 'last, without newline'], cutLines: 0 });
    expect(reached.join('')).toBe('batch of 2\nprocessing 1\nlast, without newline');
  });

  it("leaves out the SQS client's QueueUrl warning that the suite's loopback endpoint causes, and keeps one about a real endpoint", () => {
    const warning = (endpoint: string) => `QueueUrl=https://sqs.us-east-1.amazonaws.com/123456789012/q differs from SQSClient resolved endpoint=${endpoint}, using QueueUrl host as endpoint.\nSet [endpoint=string] or [useQueueUrlAsEndpoint=false] on the SQSClient.\n`;
    const output = captured(() => {
      process.stderr.write(warning('http://127.0.0.1:36983/'));
      process.stdout.write('sent 1\n');
      process.stderr.write(warning('https://vpce-1.sqs.us-east-1.vpce.amazonaws.com/'));
    });
    expect(output?.lines).toEqual(['sent 1', 'QueueUrl=https://sqs.us-east-1.amazonaws.com/123456789012/q differs from SQSClient resolved endpoint=https://vpce-1.sqs.us-east-1.vpce.amazonaws.com/, using QueueUrl host as endpoint.', 'Set [endpoint=string] or [useQueueUrlAsEndpoint=false] on the SQSClient.']);
  });

  it('nothing written, or written outside an invocation: no output', () => {
    expect(captured(() => {})).toBeUndefined();
    process.stdout.write('between invocations\n');
    expect(captured(() => {})).toBeUndefined();
  });

  it("a logged error: its message, its stack frames as one line, paths relative to the handler's project", () => {
    const output = captured(() => {
      process.stderr.write('Error: boom\n    at handler (/repo/src/handler.ts:4:9)\n    at run (/repo/node_modules/x/index.js:1:1)\nafter /repo/src/a.ts\n');
    });
    expect(output!.lines).toEqual(['Error: boom', '    … 2 stack frame(s)', 'after src/a.ts']);
  });

  it(`bounded: at most ${OUTPUT_LIMITS.lines} lines and ${OUTPUT_LIMITS.bytes} bytes, long lines clipped, the rest counted`, () => {
    const flood = captured(() => {
      for (let i = 0; i < 100; i++) process.stdout.write(`line ${i}\n`);
    });
    expect(flood!.lines).toHaveLength(OUTPUT_LIMITS.lines);
    expect(flood!.cutLines).toBe(100 - OUTPUT_LIMITS.lines);

    const long = captured(() => process.stdout.write(`${'x'.repeat(600)}\n`));
    expect(long!.lines).toEqual([`${'x'.repeat(OUTPUT_LIMITS.lineChars)}… (600 chars)`]);

    const heavy = captured(() => {
      for (let i = 0; i < 30; i++) process.stdout.write(`${'y'.repeat(490)}\n`);
    });
    const bytes = heavy!.lines.reduce((sum, line) => sum + line.length + 1, 0);
    expect(bytes).toBeLessThanOrEqual(OUTPUT_LIMITS.bytes);
    expect(heavy!.lines.length + heavy!.cutLines).toBe(30);
    expect(heavy!.cutLines).toBeGreaterThan(0);
  });
});
