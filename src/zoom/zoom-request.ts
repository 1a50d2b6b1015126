import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { ProxyError, ZoomApiError } from '../errors.js';
import { withoutBom } from '../http/utf8-bom.js';
import { REWRITE_MAX_DEPTH, locateJsonLinks } from '../links/locate-json-links.js';

export interface ZoomResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  trackingId: string | undefined;
}

export interface ZoomRequestOptions {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /**
   * Resolve with the status as soon as it comes, whatever it is, and leave the body unread (drained
   * in the background within `timeoutMs`): for a caller to whom only the status counts.
   */
  statusOnly?: boolean;
}

/**
 * The largest answer read from one of the proxy's own Zoom calls (OAuth, look-ups, ZAK and OBF
 * mints). Their answers are a few hundred bytes to a few kilobytes (a meeting's recordings with
 * tens of files is tens of kilobytes): anything near this is not one of them, and reading it whole
 * would let one answer hold the process's memory.
 */
export const ZOOM_ANSWER_MAX_BYTES = 1024 * 1024;

function header(headers: ZoomResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function tooLarge(status: number, trackingId: string | undefined): ProxyError {
  const cause = new Error(`Zoom answered ${status} with a body over ${ZOOM_ANSWER_MAX_BYTES} bytes: not read`);
  return new ProxyError('zoom_bad_response', { cause, trackingId });
}

/** No link count, only the nesting: `JSON.parse` of a deeply nested megabyte blocks the event loop for a third of a second. */
const NESTING = { maxLinks: Number.POSITIVE_INFINITY, maxDepth: REWRITE_MAX_DEPTH };

/**
 * The body as text (undefined once it goes past `max` bytes: then it is destroyed, undici aborting
 * the request and closing the connection, never drained), and whether it nests too deep to parse.
 */
async function readCapped(body: Readable, max: number): Promise<{ text: string; tooDeep: boolean } | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  // A leading byte order mark is skipped, as every reader of a JSON body does (utf8-bom.ts).
  const bytes = withoutBom(Buffer.concat(chunks, length));
  return { text: bytes.toString('utf8'), tooDeep: locateJsonLinks(bytes, NESTING) !== undefined };
}

/**
 * One JSON call to Zoom (REST or OAuth) with a deadline on the whole call, time spent waiting
 * for a free connection included. A non-2xx answer becomes a ZoomApiError carrying Zoom's `code`
 * (REST) or `error` (OAuth) and its tracking id. An answer over ZOOM_ANSWER_MAX_BYTES (declared or as
 * it comes) is `zoom_bad_response`, whatever its status, and is not read on; so is one nested deeper
 * than any of Zoom's (locate-json-links.ts).
 *
 * The deadline is a timer of our own: undici applies neither the abort signal nor `headersTimeout`
 * to a request still queued for a connection (the signal is only looked at once the request is
 * handed a socket), so a full pool held a call far past `timeoutMs`. When the timer fires the call
 * rejects at once with a `TimeoutError` (answered `504 zoom_timeout`), and the signal makes undici
 * drop the request when it leaves the queue, or abort it if it is under way.
 */
export function zoomRequest(url: string, options: ZoomRequestOptions): Promise<ZoomResponse> {
  const deadline = new AbortController();
  return new Promise<ZoomResponse>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new DOMException(`Zoom did not answer within ${options.timeoutMs} ms`, 'TimeoutError');
      deadline.abort(err);
      reject(err);
    }, options.timeoutMs);
    callOnce(url, options, deadline.signal).then(
      (res) => {
        clearTimeout(timer);
        resolve(res);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** The call itself: the request, its body read within the bounds, its status turned into an error. */
async function callOnce(url: string, options: ZoomRequestOptions, signal: AbortSignal): Promise<ZoomResponse> {
  const res = await request(url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    dispatcher: options.dispatcher,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    signal,
  });
  const trackingId = header(res.headers, 'x-zm-trackingid');
  if (options.statusOnly === true) {
    res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return { status: res.statusCode, headers: res.headers, body: undefined, trackingId };
  }
  if (Number(header(res.headers, 'content-length') ?? 0) > ZOOM_ANSWER_MAX_BYTES) {
    res.body.destroy();
    throw tooLarge(res.statusCode, trackingId);
  }
  const read = await readCapped(res.body, ZOOM_ANSWER_MAX_BYTES);
  if (read === undefined) throw tooLarge(res.statusCode, trackingId);
  const { text } = read;
  if (read.tooDeep) {
    throw new ProxyError('zoom_bad_response', { cause: new Error(`Zoom answered ${res.statusCode} with JSON nested deeper than ${REWRITE_MAX_DEPTH}: not parsed`), trackingId });
  }
  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (res.statusCode >= 200 && res.statusCode < 300) {
    if (text.length > 0 && body === undefined) {
      throw new ZoomApiError(res.statusCode, undefined, 'answer is not JSON', { trackingId });
    }
    return { status: res.statusCode, headers: res.headers, body, trackingId };
  }
  const err = (body ?? {}) as { code?: unknown; message?: unknown; error?: unknown; reason?: unknown };
  const zoomCode = typeof err.code === 'number' ? err.code : typeof err.error === 'string' ? err.error : undefined;
  const message = typeof err.message === 'string' ? err.message : typeof err.reason === 'string' ? err.reason : 'no message';
  throw new ZoomApiError(res.statusCode, zoomCode, message, {
    trackingId,
    retryAfter: header(res.headers, 'retry-after'),
    rateLimit: { category: header(res.headers, 'x-ratelimit-category'), type: header(res.headers, 'x-ratelimit-type') },
  });
}
