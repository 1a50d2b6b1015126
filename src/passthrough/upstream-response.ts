import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { ClientStalledError } from '../errors.js';
import { readUpTo, type ReadUpTo } from './read-up-to.js';

/**
 * Zoom's response: status and header fields as `IncomingMessage` has them (`rawHeaders` in Zoom's
 * order and spelling), and the body as a stream read with backpressure. Destroying it before its end
 * aborts the upstream request; a failure mid-body destroys it with a ProxyError.
 *
 * The body's chunks wait in a plain list until someone reads the response as a stream: a small response
 * taken whole (`readUpTo`) never goes through the stream's machinery (its pushes, ticks, end and
 * auto-destroy): about 1.5 µs a request less, measured alone.
 */
export class UpstreamResponse extends Readable {
  /** True once the whole body has come. */
  complete = false;
  /** Set by the forwarder (forwarder.ts): lets Zoom's bytes flow again after a full buffer paused them. */
  resumeUpstream: () => void = () => undefined;
  /** Set by the forwarder (forwarder.ts): aborts the upstream request. */
  abortUpstream: (err: Error) => void = () => undefined;
  #stall: NodeJS.Timeout | undefined;
  /** Chunks come before anyone reads the response as a stream; undefined once someone does. */
  #waiting: Buffer[] | undefined = [];
  #waitingLength = 0;

  constructor(
    readonly statusCode: number,
    readonly rawHeaders: string[],
    readonly headers: IncomingHttpHeaders,
  ) {
    super();
    // A reset or a stall may come while nobody reads (a scope look-up under way, a response over the
    // rewrite cap between two readers): node's IncomingMessage stayed silent then, a Readable would
    // throw. Whoever reads later still learns of it: the stream is destroyed with the error.
    this.on('error', () => undefined);
  }

  /** A chunk of Zoom's body (from the forwarder); false when Zoom should wait before sending more. */
  feed(chunk: Buffer): boolean {
    if (this.#waiting === undefined) return this.push(chunk);
    this.#waiting.push(chunk);
    this.#waitingLength += chunk.length;
    return this.#waitingLength < this.readableHighWaterMark;
  }

  /** Zoom's body has come whole (from the forwarder). */
  finish(): void {
    this.complete = true;
    if (this.#waiting === undefined) this.push(null);
  }

  /** Hand what waited to the stream: someone reads it as one from now on. */
  #flow(): void {
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    this.#waiting = undefined;
    this.#waitingLength = 0;
    for (const chunk of waiting) this.push(chunk);
    if (this.complete) this.push(null);
  }

  /**
   * Zoom's bytes wait because the reader's buffer is full. undici's body timeout sleeps while a body
   * is paused, so a client that stops reading would hold the connection to Zoom for ever: if nothing
   * is read for `ms`, the response is destroyed (and the client's connection with it).
   */
  pausedFor(ms: number): void {
    // Only against a reader: while the route itself waits (a scope look-up), nobody is slow.
    if (this.listenerCount('data') === 0) return;
    this.#stall ??= setTimeout(() => this.destroy(new ClientStalledError()), ms);
  }

  /**
   * The whole body, read up to `limit` bytes as `readUpTo` reads it (read-up-to.ts). A small response
   * has most often come whole with its head (one read of the socket): then it is taken at once, in
   * this tick, without a stream.
   */
  readUpTo(limit: number): ReadUpTo | Promise<ReadUpTo> {
    const waiting = this.#waiting;
    if (waiting !== undefined && this.complete && !this.destroyed && this.#waitingLength <= limit) {
      const length = this.#waitingLength;
      // Taken: read as a stream later, the response is an empty one.
      this.#waiting = [];
      this.#waitingLength = 0;
      return { chunks: waiting.length > 1 ? [Buffer.concat(waiting, length)] : waiting, length, complete: true };
    }
    this.#flow();
    return readUpTo(this, limit);
  }

  override _read(): void {
    this.#flow();
    if (this.#stall) {
      clearTimeout(this.#stall);
      this.#stall = undefined;
    }
    this.resumeUpstream();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    clearTimeout(this.#stall);
    this.#waiting = undefined;
    if (!this.complete) this.abortUpstream(err ?? new Error('the answer was dropped'));
    callback(err);
  }
}

/** Fields of which node's `IncomingMessage.headers` keeps the first value only (its docs, `message.headers`). */
const FIRST_ONLY = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after',
  'server', 'user-agent',
]);

/** Zoom's response head as node's `IncomingMessage` has it: values joined with `, ` (the first kept for FIRST_ONLY), Set-Cookie a list. */
export function upstreamResponseOf(statusCode: number, raw: Buffer[]): UpstreamResponse {
  const rawHeaders = new Array<string>(raw.length);
  const headers: IncomingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1');
    const value = (raw[i + 1] as Buffer).toString('latin1');
    rawHeaders[i] = name;
    rawHeaders[i + 1] = value;
    const key = name.toLowerCase();
    const seen = headers[key];
    if (key === 'set-cookie') headers[key] = [...((seen as string[] | undefined) ?? []), value];
    else if (seen === undefined) headers[key] = value;
    else if (!FIRST_ONLY.has(key)) headers[key] = `${seen as string}, ${value}`;
  }
  return new UpstreamResponse(statusCode, rawHeaders, headers);
}
