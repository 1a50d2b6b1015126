import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { readUpTo, type ReadUpTo } from './read-up-to.js';

/**
 * Zoom's answer: status and header fields as `IncomingMessage` has them (`rawHeaders` in Zoom's
 * order and spelling), and the body as a stream read with backpressure. Destroying it before its end
 * aborts the upstream request; a failure mid-body destroys it with a ProxyError.
 */
export class ZoomAnswer extends Readable {
  /** True once the whole body has come. */
  complete = false;
  /** Set by the exchange: lets Zoom's bytes flow again after a full buffer paused them. */
  resumeUpstream: () => void = () => undefined;
  /** Set by the exchange: aborts the upstream request. */
  abortUpstream: (err: Error) => void = () => undefined;
  #stall: NodeJS.Timeout | undefined;

  constructor(
    readonly statusCode: number,
    readonly rawHeaders: string[],
    readonly headers: IncomingHttpHeaders,
  ) {
    super();
    // A reset or a stall may come while nobody reads (a scope look-up under way, an answer over the
    // rewrite cap between two readers): node's IncomingMessage stayed silent then, a Readable would
    // throw. Whoever reads later still learns of it: the stream is destroyed with the error.
    this.on('error', () => undefined);
  }

  /**
   * Zoom's bytes wait because the reader's buffer is full. undici's body timeout sleeps while a body
   * is paused, so a client that stops reading would hold the connection to Zoom for ever: if nothing
   * is read for `ms`, the answer is destroyed (and the client's connection with it).
   */
  pausedFor(ms: number): void {
    // Only against a reader: while the route itself waits (a scope look-up), nobody is slow.
    if (this.listenerCount('data') === 0) return;
    this.#stall ??= setTimeout(() => this.destroy(Object.assign(new Error('the client stopped reading the answer'), { code: 'CLIENT_STALLED' })), ms);
  }

  /**
   * The whole body, read up to `limit` bytes as `readUpTo` reads it (read-up-to.ts). A small answer
   * has most often come whole with its head (one read of the socket): then it is taken at once, in
   * this tick, without a reader's listeners, flowing mode and the ticks they take.
   */
  readUpTo(limit: number): ReadUpTo | Promise<ReadUpTo> {
    if (this.complete && !this.destroyed && this.readableLength <= limit && this.listenerCount('data') === 0) {
      const whole = this.read() as Buffer | null;
      return whole === null ? { chunks: [], length: 0, complete: true } : { chunks: [whole], length: whole.length, complete: true };
    }
    return readUpTo(this, limit);
  }

  override _read(): void {
    if (this.#stall) {
      clearTimeout(this.#stall);
      this.#stall = undefined;
    }
    this.resumeUpstream();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    clearTimeout(this.#stall);
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

/** Zoom's answer head as node's `IncomingMessage` has it: values joined with `, ` (the first kept for FIRST_ONLY), Set-Cookie a list. */
export function answerOf(statusCode: number, raw: Buffer[]): ZoomAnswer {
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
  return new ZoomAnswer(statusCode, rawHeaders, headers);
}
