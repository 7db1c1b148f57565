import { readSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from './frames.js';
import { channelFd } from './relay-protocol.js';

const readSize = 64 * 1024;
/** Taken before the handler's timers are fenced (see worker/timer-fence.ts): a delivery is the harness's. */
const later = setImmediate;

/**
 * The execution environment's thread's end of its channel to the harness: a socket the harness
 * gave its relay process, which the thread uses directly (the relay's own thread never touches
 * it, so a message crosses one process boundary and nothing else). Messages are written
 * synchronously, in order; incoming ones arrive through the event loop, or through `receiveSync`
 * while the thread blocks for the answers to a burst of calls (see worker/answer-wait.ts).
 */
export class ThreadChannel {
  private readonly socket: Socket;
  private readonly decoder = new FrameDecoder();
  private listener: ((message: unknown) => void) | undefined;
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  private deliverySoon = false;
  private readonly readBuffer = Buffer.allocUnsafe(readSize);

  constructor(private readonly fd = channelFd) {
    this.socket = new Socket({ fd });
    this.socket.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      this.deliver();
    });
    this.socket.on('error', () => {});
    this.socket.on('close', () => {
      this.closed = true;
    });
  }

  onMessage(listener: (message: unknown) => void): void {
    this.listener = listener;
    this.deliver();
  }

  private deliver(): void {
    // a listener may block in receiveSync, which takes the next frames from the same decoder: order holds
    for (let next = this.decoder.next(); next !== undefined && this.listener; next = this.decoder.next()) this.listener(next.message);
  }

  post(message: unknown): void {
    const frame = encodeFrame(message);
    for (let written = 0; written < frame.length && !this.closed; ) {
      try {
        written += writeSync(this.fd, frame, written);
      } catch (error) {
        // the harness is slow to read (the socket's buffer is full): wait, the harness reads without end
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
        Atomics.wait(this.pause, 0, 0, 1);
      }
    }
  }

  /**
   * The next message if one has arrived, without waiting and without the event loop. A read may
   * bring more than the caller takes (the next message came with the last answer): what is left
   * is delivered from the event loop, as a message that arrived during the wait would be.
   */
  receiveSync(): { message: unknown } | undefined {
    const received = this.takeSync();
    if (received !== undefined && !this.deliverySoon) {
      this.deliverySoon = true;
      later(() => {
        this.deliverySoon = false;
        this.deliver();
      });
    }
    return received;
  }

  private takeSync(): { message: unknown } | undefined {
    const queued = this.decoder.next();
    if (queued !== undefined || this.closed) return queued;
    let read: number;
    // an empty socket answers EAGAIN, which Node throws as an error: without its stack, the poll stays cheap
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      read = readSync(this.fd, this.readBuffer, 0, readSize, null);
    } catch {
      return undefined; // EAGAIN: nothing yet
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.decoder.push(Buffer.from(this.readBuffer.subarray(0, read)));
    return this.decoder.next();
  }

  /** Whether the channel keeps the thread alive (see worker.ts's updateKeepAlive). */
  ref(): void {
    this.socket.ref();
  }

  unref(): void {
    this.socket.unref();
  }
}
