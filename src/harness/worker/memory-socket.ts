import { Duplex } from 'node:stream';

/** Where a captured connection was going, as the client asked for it. */
export interface ConnectionTarget {
  host: string;
  port: number;
  /** The client asked for TLS (tls.connect, an https agent). */
  tls: boolean;
  /** The idle timeout asked for when connecting, ms. */
  timeout?: number;
}

/**
 * One end of an in-memory connection that stands in for a TCP (or TLS) socket: what one end
 * writes, the other reads. It carries enough of net.Socket's and tls.TLSSocket's surface
 * (connect events, timeouts, keep-alive, addresses) for node:http's ClientRequest and agents,
 * undici's client and node:http's server to use it as they would a real socket. Nothing here
 * arms a real timer: a socket timeout only fires when the harness decides the request timed out.
 */
export class MemorySocket extends Duplex {
  peer!: MemorySocket;
  connecting = true;
  timeout = 0;
  readonly encrypted: boolean | undefined;
  readonly authorized: boolean | undefined;
  alpnProtocol: string | false = false;
  bytesWritten = 0;

  constructor(
    readonly target: ConnectionTarget,
    private readonly side: 'client' | 'server',
  ) {
    super({ allowHalfOpen: false });
    if (target.tls) {
      this.encrypted = true;
      this.authorized = true;
    }
  }

  get remoteAddress(): string {
    return this.side === 'client' ? '203.0.113.10' : '198.51.100.20';
  }

  get remotePort(): number {
    return this.side === 'client' ? this.target.port : 49152;
  }

  get remoteFamily(): string {
    return 'IPv4';
  }

  get localAddress(): string {
    return this.side === 'client' ? '198.51.100.20' : '203.0.113.10';
  }

  get localPort(): number {
    return this.side === 'client' ? 49152 : this.target.port;
  }

  get readyState(): string {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    return this.readable ? 'readOnly' : this.writable ? 'writeOnly' : 'closed';
  }

  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: 'IPv4', port: this.localPort };
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytesWritten += chunk.length;
    if (!this.peer.destroyed) this.peer.push(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.peer.destroyed && !this.peer.readableEnded) this.peer.push(null);
    callback(error);
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.timeout = ms;
    if (callback) {
      if (ms === 0) this.off('timeout', callback);
      else this.once('timeout', callback);
    }
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  destroySoon(): void {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once('finish', () => this.destroy());
  }

  getPeerCertificate(): Record<string, unknown> {
    return {};
  }

  getProtocol(): string | null {
    return this.target.tls ? 'TLSv1.3' : null;
  }

  setServername(): void {}

  /** The peer went away without a goodbye (ECONNRESET), or never answered (ETIMEDOUT). */
  fail(code: 'ECONNRESET' | 'ETIMEDOUT' | 'ECONNREFUSED', message: string): void {
    const syscall = code === 'ECONNREFUSED' ? 'connect' : 'read';
    const errno = { ECONNRESET: -104, ETIMEDOUT: -110, ECONNREFUSED: -111 }[code];
    this.destroy(Object.assign(new Error(message), { code, errno, syscall }));
  }

  /**
   * The server never answers: a client that set a socket timeout hears of it at once (no real
   * waiting) and acts on it; if nothing ends the connection then (only an agent's idle timeout
   * listens, say), it fails as a dead TCP connection does, with ETIMEDOUT.
   */
  timeOut(): void {
    if (this.timeout > 0 && this.listenerCount('timeout') > 0) this.emit('timeout');
    if (!this.destroyed) this.fail('ETIMEDOUT', `${this.side === 'client' ? 'read' : 'write'} ETIMEDOUT`);
  }
}

/**
 * A connected pair: the client end, handed to the HTTP client as its socket, and the server end.
 * The client end reports itself connected (and TLS-secured when asked) on the next tick, as a
 * socket does once the handshake is over.
 */
export function memorySocketPair(target: ConnectionTarget): { client: MemorySocket; server: MemorySocket } {
  const client = new MemorySocket(target, 'client');
  const server = new MemorySocket(target, 'server');
  client.peer = server;
  server.peer = client;
  server.connecting = false;
  process.nextTick(() => {
    if (client.destroyed) return;
    client.connecting = false;
    client.emit('connect');
    client.emit('ready');
    if (target.tls) client.emit('secureConnect');
  });
  return { client, server };
}
