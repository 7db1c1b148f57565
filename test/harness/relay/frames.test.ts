import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from '../../../src/harness/relay/frames.js';

function decodeAll(decoder: FrameDecoder): unknown[] {
  const messages: unknown[] = [];
  for (let next = decoder.next(); next !== undefined; next = decoder.next()) messages.push(next.message);
  return messages;
}

describe('the frames of the channel between the harness and a thread in its relay', () => {
  const messages = [{ type: 'invoke', id: 1, at: 10n }, { type: 'fetch-answer', id: 2, answer: { body: new Uint8Array([1, 2, 3]) } }, { type: 'ping' }];

  it('gives back the messages, structured-cloned (BigInts, typed arrays), from frames joined in one chunk', () => {
    const decoder = new FrameDecoder();
    decoder.push(Buffer.concat(messages.map(encodeFrame)));
    expect(decodeAll(decoder)).toEqual(messages);
    expect(decoder.next()).toBeUndefined();
  });

  it('waits for the rest of a frame that arrives byte by byte, and keeps what follows it', () => {
    const bytes = Buffer.concat(messages.map(encodeFrame));
    const decoder = new FrameDecoder();
    const got: unknown[] = [];
    for (const byte of bytes) {
      decoder.push(Buffer.from([byte]));
      got.push(...decodeAll(decoder));
    }
    expect(got).toEqual(messages);
  });

  it('a message of several megabytes, cut anywhere', () => {
    const big = { type: 'requests', body: 'x'.repeat(5_000_000) };
    const bytes = Buffer.concat([encodeFrame(big), encodeFrame({ type: 'ping' })]);
    const decoder = new FrameDecoder();
    for (let at = 0; at < bytes.length; at += 65_536) decoder.push(bytes.subarray(at, at + 65_536));
    expect(decodeAll(decoder)).toEqual([big, { type: 'ping' }]);
  });
});
