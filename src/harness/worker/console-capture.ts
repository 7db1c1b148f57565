import type { HandlerOutput } from '../protocol.js';

/** At most this much of one invocation's console output is kept (the rest is counted). */
export const OUTPUT_LIMITS = { lines: 40, lineChars: 500, bytes: 8192 };

interface Capture {
  lines: string[];
  partial: string;
  bytes: number;
  cutLines: number;
  /** Stack frames (`    at …`) in a row, shown as one line: a logged error's message is what a report needs. */
  frames: number;
}

/**
 * Records what the handler writes to stdout and stderr during an invocation (console.log, a
 * logger's own Console on process.stdout, direct writes), bounded, while it still goes where it
 * went before. Invocations in one worker never overlap, so one capture at a time.
 */
export function captureConsole(cwd = process.cwd()): { begin(): void; end(): HandlerOutput | undefined } {
  const prefix = `${cwd.replace(/\/$/, '')}/`;
  let current: Capture | undefined;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (current) record(current, (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')).replaceAll(prefix, ''));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return {
    begin() {
      current = { lines: [], partial: '', bytes: 0, cutLines: 0, frames: 0 };
    },
    end() {
      const capture = current;
      current = undefined;
      if (!capture) return undefined;
      if (capture.partial !== '') keep(capture, capture.partial);
      flushFrames(capture);
      return capture.lines.length === 0 && capture.cutLines === 0 ? undefined : { lines: capture.lines, cutLines: capture.cutLines };
    },
  };
}

/**
 * The SQS client's warning that a QueueUrl's host differs from its resolved endpoint, when that
 * endpoint is the suite's loopback gateway (AWS_ENDPOINT_URL): the suite caused it, not the handler,
 * and in AWS it never shows (@aws-sdk/middleware-sdk-sqs, queueUrlMiddleware).
 */
const GATEWAY_QUEUE_URL_WARNING = /QueueUrl=\S+ differs from SQSClient resolved endpoint=http:\/\/127\.0\.0\.1:\d+\/?, using QueueUrl host as endpoint\.\r?\n\s*Set \[endpoint=string\] or \[useQueueUrlAsEndpoint=false\] on the SQSClient\.\r?\n?/g;

function record(capture: Capture, text: string): void {
  const parts = (capture.partial + text.replace(GATEWAY_QUEUE_URL_WARNING, '')).split('\n');
  capture.partial = parts.pop() ?? '';
  for (const line of parts) keep(capture, line);
}

function keep(capture: Capture, line: string): void {
  if (/^\s+at \S/.test(line)) {
    capture.frames++;
    return;
  }
  flushFrames(capture);
  add(capture, line);
}

function flushFrames(capture: Capture): void {
  if (capture.frames === 0) return;
  const frames = capture.frames;
  capture.frames = 0;
  add(capture, `    … ${frames} stack frame(s)`);
}

function add(capture: Capture, line: string): void {
  const shown = line.length > OUTPUT_LIMITS.lineChars ? `${line.slice(0, OUTPUT_LIMITS.lineChars)}… (${line.length} chars)` : line;
  if (capture.lines.length >= OUTPUT_LIMITS.lines || capture.bytes + shown.length > OUTPUT_LIMITS.bytes) {
    capture.cutLines++;
    return;
  }
  capture.lines.push(shown);
  capture.bytes += shown.length + 1;
}
