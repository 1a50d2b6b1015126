import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { ProxyError, ZoomApiError } from '../errors.js';

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

/**
 * The body as text, or undefined once it goes past `max` bytes: then it is destroyed (undici aborts
 * the request and closes the connection), never drained.
 */
async function readCapped(body: Readable, max: number): Promise<string | undefined> {
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
  return Buffer.concat(chunks, length).toString('utf8');
}

/**
 * One JSON call to Zoom (REST or OAuth) with a deadline on the whole exchange. A non-2xx answer
 * becomes a ZoomApiError carrying Zoom's `code` (REST) or `error` (OAuth) and its tracking id. An
 * answer over ZOOM_ANSWER_MAX_BYTES (declared or as it comes) is `zoom_bad_response`, whatever its
 * status, and is not read on.
 */
export async function zoomRequest(url: string, options: ZoomRequestOptions): Promise<ZoomResponse> {
  const res = await request(url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    dispatcher: options.dispatcher,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const trackingId = header(res.headers, 'x-zm-trackingid');
  if (Number(header(res.headers, 'content-length') ?? 0) > ZOOM_ANSWER_MAX_BYTES) {
    res.body.destroy();
    throw tooLarge(res.statusCode, trackingId);
  }
  const text = await readCapped(res.body, ZOOM_ANSWER_MAX_BYTES);
  if (text === undefined) throw tooLarge(res.statusCode, trackingId);
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
  throw new ZoomApiError(res.statusCode, zoomCode, message, { trackingId, retryAfter: header(res.headers, 'retry-after') });
}
