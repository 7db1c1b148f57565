import { deserialize, serialize } from 'node:v8';

/**
 * The framing of the channel between the harness and an execution environment's thread in its
 * relay process: each message is a 4-byte length and the message in V8's serialization (the
 * structured clone that `postMessage` uses: BigInts, typed arrays and errors survive).
 */
export function encodeFrame(message: unknown): Buffer {
  const body = serialize(message);
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32LE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

/** Cuts a byte stream back into messages. A frame is joined once, when all of it has arrived. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next whole message, or undefined until more bytes arrive. */
  next(): { message: unknown } | undefined {
    if (this.buffered < 4) return undefined;
    if (this.chunks[0]!.length < 4) this.join();
    const length = 4 + this.chunks[0]!.readUInt32LE(0);
    if (this.buffered < length) return undefined;
    if (this.chunks[0]!.length < length) this.join();
    const first = this.chunks[0]!;
    const message = deserialize(first.subarray(4, length));
    if (first.length === length) this.chunks.shift();
    else this.chunks[0] = first.subarray(length);
    this.buffered -= length;
    return { message };
  }

  private join(): void {
    this.chunks = [Buffer.concat(this.chunks)];
  }
}
