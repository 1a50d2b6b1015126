import { request, type Dispatcher } from 'undici';
import { ZoomApiError } from '../errors.js';

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

function header(headers: ZoomResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One JSON call to Zoom (REST or OAuth) with a deadline on the whole exchange, time spent waiting
 * for a free connection included. A non-2xx answer becomes a ZoomApiError carrying Zoom's `code`
 * (REST) or `error` (OAuth) and its tracking id.
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
    exchange(url, options, deadline.signal).then(
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

async function exchange(url: string, options: ZoomRequestOptions, signal: AbortSignal): Promise<ZoomResponse> {
  const res = await request(url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    dispatcher: options.dispatcher,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    signal,
  });
  const text = await res.body.text();
  const trackingId = header(res.headers, 'x-zm-trackingid');
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
