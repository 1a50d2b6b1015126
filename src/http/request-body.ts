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
  | { kind: 'streamed'; stream: Readable; chunked: boolean };

const NONE: RequestBody = Object.freeze({ kind: 'none' });

/**
 * Read the body when it is at most `maxBytes` (by its Content-Length, or by reading a chunked one up
 * to the limit); a larger one is streamed, what was read of it first. A request without a body is
 * answered at once, without a promise: most API calls are GETs.
 */
export function prepareRequestBody(req: IncomingMessage, maxBytes: number): RequestBody | Promise<RequestBody> {
  const lengthHeader = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (lengthHeader === undefined || lengthHeader === '0')) return NONE;
  if (!chunked && Number(lengthHeader) > maxBytes) return { kind: 'streamed', stream: req, chunked: false };
  return readBody(req, maxBytes);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  const read = await readUpTo(req, maxBytes);
  if (read.complete) return { kind: 'buffered', bytes: joinChunks(read.chunks, read.length) };
  const rest = new PassThrough();
  for (const chunk of read.chunks) rest.write(chunk);
  req.pipe(rest);
  req.once('error', (err) => rest.destroy(err));
  return { kind: 'streamed', stream: rest, chunked: true };
}
