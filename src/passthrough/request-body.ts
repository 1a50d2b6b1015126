import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { joinChunks, readUpTo } from './read-up-to.js';

/**
 * A client's request body as the passthrough sends it: nothing, the whole body in memory (so the
 * request can be sent again, byte for byte, after Zoom refuses the token), or a stream sent once.
 */
export type RequestBody =
  | { kind: 'none' }
  | { kind: 'buffered'; bytes: Buffer }
  | { kind: 'streamed'; stream: Readable };

const NONE: RequestBody = Object.freeze({ kind: 'none' });

/**
 * Read the body when it is at most `maxBytes` (by its Content-Length, or by reading a chunked one up
 * to the limit); a larger one is streamed, what was read of it first. A request without a body is
 * answered at once, without a promise: most API calls are GETs.
 */
export function prepareRequestBody(req: IncomingMessage, maxBytes: number, limit?: BodyLimit): RequestBody | Promise<RequestBody> {
  const lengthHeader = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (lengthHeader === undefined || lengthHeader === '0')) return NONE;
  if (!chunked && Number(lengthHeader) > maxBytes) return { kind: 'streamed', stream: req };
  return readBody(req, maxBytes, limit);
}

/**
 * The most a body may carry, counted as it streams (a declared Content-Length is checked before);
 * past it the client's stream is unpiped, so Zoom never gets the end of the request, and `onOverflow` runs.
 */
export interface BodyLimit {
  maxBytes: number;
  onOverflow(): void;
}

async function readBody(req: IncomingMessage, maxBytes: number, limit: BodyLimit | undefined): Promise<RequestBody> {
  const read = await readUpTo(req, maxBytes);
  if (read.complete) return { kind: 'buffered', bytes: joinChunks(read.chunks, read.length) };
  const rest = new PassThrough();
  for (const chunk of read.chunks) rest.write(chunk);
  if (limit) {
    let total = read.length;
    const count = (chunk: Buffer): void => {
      total += chunk.length;
      if (total <= limit.maxBytes) return;
      req.off('data', count);
      req.unpipe(rest);
      limit.onOverflow();
    };
    if (total > limit.maxBytes) limit.onOverflow();
    else req.on('data', count);
  }
  req.pipe(rest);
  req.once('error', (err) => rest.destroy(err));
  return { kind: 'streamed', stream: rest };
}
