import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import { PassThrough } from 'node:stream';
import { encodeFrame, FrameDecoder } from './frames.js';
import { channelFd, type FromRelay, type ToRelay } from './relay-protocol.js';
import { entryCode } from '../thread-entry.js';

export interface RelayedWorkerOptions {
  code: string;
  workerData: unknown;
  env: Record<string, string>;
  maxOldGenerationSizeMb: number;
  /** The relay process's flags, which its thread takes what it can of; by default the harness's own. */
  execArgv?: string[];
}

/** Fatal messages V8 prints when a heap cannot grow (the whole process aborts). */
const fatalOutOfMemory = /heap out of memory|Allocation failed|OOM error|Reached heap limit/i;
const stderrTail = 4096;
/** A relay that does not end after being told to is killed. */
const terminateGraceMs = 2000;

/** Starts the relay (see thread-entry.ts). */
function relayCode(): string {
  return entryCode('./relay', import.meta.url);
}

/**
 * The parent's flags (loaders, conditions, …), without those that would make the relay wait for
 * or clash with a debugger, or replace the relay's own code (`node -e …` parents).
 */
function relayExecArgv(): string[] {
  const kept: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const flag = process.execArgv[i]!;
    if (/^(-e|--eval|-p|--print)$/.test(flag)) i++;
    else if (!/^--(inspect|debug|input-type)/.test(flag)) kept.push(flag);
  }
  return kept;
}

/**
 * A worker thread hosted in a relay process (see relay.ts), with the part of the `Worker` API
 * that HandlerWorker uses. Messages go straight to and from the thread over their own socket
 * (see thread-channel.ts). When the relay dies without its thread having exited, that is V8
 * aborting the process: reported as the thread running out of memory (ERR_WORKER_OUT_OF_MEMORY)
 * when V8 said so, and as an exit otherwise. The thread's errors and exit are told once the
 * relay has ended, after every message the thread sent before them.
 */
export class RelayedWorker extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  private readonly relay: ChildProcess;
  private readonly channel: Socket;
  private readonly decoder = new FrameDecoder();
  private threadExit: number | undefined;
  private threadError: (Error & { code?: string }) | undefined;
  private relayStderr = '';
  private interrupting: ((done: boolean) => void) | undefined;
  private readonly ended: Promise<void>;

  constructor(options: RelayedWorkerOptions) {
    super();
    const execArgv = options.execArgv ?? relayExecArgv();
    this.relay = spawn(process.execPath, [...execArgv, '--input-type=module', '-e', relayCode()], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc', 'pipe'],
      serialization: 'advanced',
      env: process.env,
    });
    this.relay.stderr!.setEncoding('utf8');
    this.relay.stderr!.on('data', (chunk: string) => {
      this.relayStderr = (this.relayStderr + chunk).slice(-stderrTail);
    });
    this.relay.on('message', (message: FromRelay) => this.receive(message));
    this.channel = this.relay.stdio[channelFd] as Socket;
    this.channel.on('data', (chunk: Buffer) => this.deliver(chunk));
    this.channel.on('error', () => {});
    // the relay's last messages may still be on their way when the process is gone: read them first
    // ('close' comes once every stdio stream, the channel included, has closed)
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => this.relay.once('close', (code, signal) => resolve([code, signal])));
    const disconnected = new Promise<void>((resolve) => this.relay.once('disconnect', resolve));
    // and the process's handle, closed before 'close', is released a turn later
    this.ended = Promise.all([closed, disconnected])
      .then(async (ending) => (await new Promise((resolve) => setImmediate(resolve)), ending))
      .then(([[code, signal]]) => this.relayEnded(code, signal));
    this.relay.on('error', () => {});
    this.send({ type: 'start', ...options, execArgv });
  }

  private deliver(chunk: Buffer): void {
    this.decoder.push(chunk);
    let next: { message: unknown } | undefined;
    for (;;) {
      try {
        next = this.decoder.next();
      } catch {
        // a frame cut in two (the thread was stopped in the middle of a long write): nothing after it can be read
        this.channel.destroy();
        this.relay.kill('SIGKILL');
        return;
      }
      if (next === undefined) return;
      this.emit('message', next.message);
    }
  }

  private receive(message: FromRelay): void {
    switch (message.type) {
      case 'output':
        this[message.stream].write(message.chunk);
        break;
      case 'error':
        this.threadError ??= Object.assign(new Error(message.message), { name: message.name, code: message.code });
        break;
      case 'interrupted':
        this.interrupting?.(message.done);
        break;
      case 'exit':
        this.threadExit = message.code;
        break;
    }
  }

  private relayEnded(code: number | null, signal: NodeJS.Signals | null): void {
    this.interrupting?.(false);
    if (this.threadError) this.emit('error', this.threadError);
    else if (this.threadExit === undefined && fatalOutOfMemory.test(this.relayStderr)) {
      this.emit('error', Object.assign(new Error('the execution environment ran out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }));
    }
    this.stdout.end();
    this.stderr.end();
    this.emit('exit', this.threadExit ?? code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
  }

  private send(message: ToRelay): void {
    if (this.relay.connected) this.relay.send(message, (error) => error && undefined);
  }

  /** The relay process's id. */
  get pid(): number | undefined {
    return this.relay.pid;
  }

  postMessage(message: unknown): void {
    if (this.channel.writable) this.channel.write(encodeFrame(message));
  }

  /** Stops the JavaScript the thread runs (see loop-breaker.ts); false when that could not be done. */
  interrupt(): Promise<boolean> {
    return new Promise((resolve) => {
      this.interrupting = (done) => {
        this.interrupting = undefined;
        resolve(done);
      };
      this.send({ type: 'interrupt' });
    });
  }

  /** Ends the thread and its relay; resolves when the relay process is gone. */
  async terminate(): Promise<void> {
    if (this.relay.exitCode === null && this.relay.signalCode === null) {
      this.send({ type: 'terminate' });
      const kill = setTimeout(() => this.relay.kill('SIGKILL'), terminateGraceMs);
      await this.ended;
      clearTimeout(kill);
    }
  }
}
