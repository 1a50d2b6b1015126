import type { IncomingMessage } from 'node:http';
import { ProxyError } from '../errors.js';
import { joinChunks, readUpTo } from '../passthrough/read-up-to.js';

/** The largest event read: Zoom's events are a few kilobytes (a recording with tens of files, tens). */
export const EVENT_MAX_BYTES = 1024 * 1024;

function tooLarge(): ProxyError {
  // The rest of the body is never read: the connection goes with the answer.
  return new ProxyError('payload_too_large', { message: 'A webhook event is at most 1 MiB; this one was not read.', headers: { connection: 'close' } });
}

/** The request body's bytes as received, or `413` past EVENT_MAX_BYTES (declared, or as it comes). */
export async function readEventBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > EVENT_MAX_BYTES) throw tooLarge();
  const read = await readUpTo(req, EVENT_MAX_BYTES);
  if (!read.complete) throw tooLarge();
  return joinChunks(read.chunks, read.length);
}
