import type { Request, Response } from 'express';
import { ProxyError, toProxyError } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { bodyPlanOf, resumeMismatch } from './body-plan.js';
import { clientRangeHeaders } from './client-range.js';
import type { DownloadOpener } from './open-download.js';
import { firstHeader, passedHeaders } from './passed-headers.js';
import type { BodySink, UpstreamExchange } from './upstream-exchange.js';

/** `zlp_downloads_total{outcome}`; `resumed` is counted per resume, besides the outcome. */
export type DownloadOutcome = 'ok' | 'denied' | 'redirect_refused' | 'aborted' | 'failed';

export interface DownloadStreamerOptions {
  open: DownloadOpener;
  maxResumes: number;
  /** A client that reads nothing for this long while the proxy waits on it is cut off. */
  idleTimeoutMs: number;
  metrics: Metrics;
  logger: Logger;
}

/** Streams the recording file at `zoomUrl` to the client: GET or HEAD, Range and If-Range honoured. */
export type DownloadStreamer = (req: Request, res: Response, zoomUrl: URL) => Promise<void>;

type Finish = (outcome: DownloadOutcome, fields?: Record<string, unknown>) => void;

class ClientGoneError extends Error {
  constructor() {
    super('the client went away');
    this.name = 'ClientGoneError';
  }
}

/** A failure for the logs: its code and message, never a URL or a header. */
function describe(err: unknown): { code?: string; message: string } {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? { code, message: err.message } : { message: err.message };
}

function outcomeOf(err: unknown): DownloadOutcome {
  if (err instanceof ProxyError && err.code === 'zoom_download_denied') return 'denied';
  if (err instanceof ProxyError && err.code === 'zoom_redirect_refused') return 'redirect_refused';
  return 'failed';
}

/** What an answer of Zoom's that is neither the file, nor a redirect, nor a refusal becomes. */
function errorForStatus(exchange: UpstreamExchange, trackingId: string | undefined): ProxyError {
  if (exchange.status === 404 || exchange.status === 410) return new ProxyError('recording_not_found', { trackingId });
  if (exchange.status === 429) {
    const retryAfter = firstHeader(exchange.headers['retry-after']);
    return new ProxyError('zoom_rate_limited', { trackingId, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });
  }
  return new ProxyError('zoom_error', { trackingId });
}

/** 416 and 304: Zoom's status and validators stand; its body (an XML error, say) does not. */
function sendBodyless(res: Response, exchange: UpstreamExchange): void {
  const passed = passedHeaders(exchange.headers);
  const headers: Record<string, string> = exchange.status === 416 ? { 'content-length': '0' } : {};
  for (const name of ['cache-control', 'content-range', 'accept-ranges', 'etag', 'last-modified']) {
    if (passed[name] !== undefined) headers[name] = passed[name];
  }
  res.writeHead(exchange.status, headers);
  res.end();
}

/**
 * The client's side of a download (CONTRACT.md, signed download link; issue 4). Zoom's answer is
 * checked before a byte goes out (open-download.ts); then its status and the headers that frame the
 * file are written and flushed, and the body is piped (streamBody). A client that goes away aborts
 * Zoom's request at once.
 */
export function createDownloadStreamer(options: DownloadStreamerOptions): DownloadStreamer {
  const { open, metrics, logger } = options;

  return async (req, res, zoomUrl) => {
    const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
    const gone = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) gone.abort(new ClientGoneError());
    };
    res.once('close', onClose);
    let finished = false;
    const finish: Finish = (outcome, fields = {}) => {
      if (finished) return;
      finished = true;
      res.off('close', onClose);
      metrics.downloads.inc({ outcome });
      logger.info({ host: zoomUrl.host, outcome, ...fields }, 'download');
    };

    let opened;
    try {
      opened = await open(zoomUrl, { method, headers: clientRangeHeaders(req.headers), signal: gone.signal });
    } catch (err) {
      if (gone.signal.aborted) return finish('aborted');
      finish(outcomeOf(err));
      throw toProxyError(err);
    }
    const { exchange, trackingId } = opened;
    res.locals.trackingId = trackingId;

    if (exchange.status === 416 || exchange.status === 304) {
      void exchange.discard();
      sendBodyless(res, exchange);
      return finish('ok', { status: exchange.status });
    }
    if (exchange.status !== 200 && exchange.status !== 206) {
      void exchange.discard();
      finish('failed', { status: exchange.status, trackingId });
      throw errorForStatus(exchange, trackingId);
    }
    res.writeHead(exchange.status, passedHeaders(exchange.headers));
    res.flushHeaders(); // the client sees the answer at once, even when the file's first byte is slow
    if (method === 'HEAD') {
      void exchange.discard();
      res.end();
      return finish('ok', { status: exchange.status });
    }
    await streamBody({ options, res, zoomUrl, first: exchange, signal: gone.signal, finish });
  };
}

interface BodyContext {
  options: DownloadStreamerOptions;
  res: Response;
  zoomUrl: URL;
  first: UpstreamExchange;
  signal: AbortSignal;
  finish: Finish;
}

/**
 * Pipes the body with backpressure: a chunk goes out as it comes in, and Zoom's socket is paused
 * while the client's is full, so nothing is held beyond the sockets' own buffers whatever the size.
 *
 * If Zoom's side breaks mid-body (reset, idle timeout, short body), the rest is asked again through
 * Zoom's URL with a fresh token, because the pre-signed CDN URL of the first answer may have expired
 * by then: `Range: bytes=<next>-<end>` and `If-Range: <ETag or Last-Modified>`. The answer must be a
 * 206 of the same version starting at `next` (resumeMismatch); it is streamed into the same
 * response, at most `maxResumes` times. Otherwise the client's connection is aborted: never a clean
 * end with fewer bytes than announced.
 *
 * Bytes are counted in a local number and added to the metrics once per idle period and at the end:
 * no per-chunk logging or metrics calls.
 */
async function streamBody(context: BodyContext): Promise<void> {
  const { options, res, zoomUrl, signal, finish } = context;
  const { open, metrics, logger } = options;
  const plan = bodyPlanOf(context.first);
  let current: UpstreamExchange | undefined = context.first;
  let sent = 0;
  let reported = 0;
  let resumes = 0;
  const sink: BodySink = {
    write(chunk) {
      sent += chunk.length;
      return res.write(chunk);
    },
  };
  const report = (): void => {
    if (sent > reported) metrics.bytesStreamed.inc(sent - reported);
    reported = sent;
  };
  const onDrain = (): void => current?.resume();
  res.on('drain', onDrain);
  // Zoom's idle time is undici's bodyTimeout; the client's is watched here, coarsely.
  let sentAtLastLook = -1;
  const watchdog = setInterval(() => {
    report();
    if (res.writableNeedDrain && sent === sentAtLastLook) {
      logger.info({ host: zoomUrl.host, bytes: sent }, 'download client stopped reading: cut off');
      res.destroy();
    }
    sentAtLastLook = sent;
  }, options.idleTimeoutMs);
  watchdog.unref();

  const giveUp = (reason: unknown): void => {
    logger.warn({ host: zoomUrl.host, bytes: sent, resumes, reason: describe(reason) }, 'download broken off: the client connection is aborted');
    res.destroy();
    finish('failed', { bytes: sent, resumes });
  };

  try {
    let failure: unknown;
    for (;;) {
      if (current !== undefined) {
        try {
          await current.pipe(sink);
          const expected = plan.end === undefined ? undefined : plan.end - plan.start + 1;
          if (expected === undefined || sent === expected) break;
          failure = new Error(`the body ended after ${sent} of ${expected} bytes`);
        } catch (err) {
          failure = err;
        }
      }
      if (signal.aborted) return finish('aborted', { bytes: sent, resumes });
      if (resumes >= options.maxResumes || plan.validator === undefined) return giveUp(failure);

      resumes += 1;
      const next = plan.start + sent;
      metrics.downloads.inc({ outcome: 'resumed' });
      logger.warn({ host: zoomUrl.host, from: next, resume: resumes, reason: describe(failure) }, 'download resumed');
      current = undefined;
      try {
        const headers = { range: `bytes=${next}-${plan.end ?? ''}`, 'if-range': plan.validator };
        const { exchange } = await open(zoomUrl, { method: 'GET', headers, signal });
        const mismatch = resumeMismatch(exchange, plan, next);
        if (mismatch !== undefined) {
          exchange.abort();
          return giveUp(new Error(mismatch));
        }
        current = exchange;
      } catch (err) {
        if (signal.aborted) return finish('aborted', { bytes: sent, resumes });
        if (err instanceof ProxyError) return giveUp(err); // Zoom refused, or redirected away: asking again will not help
        failure = err; // a network failure: the next turn tries again while resumes remain
      }
    }
    res.end();
    finish('ok', { status: res.statusCode, bytes: sent, resumes });
  } finally {
    clearInterval(watchdog);
    res.off('drain', onDrain);
    report();
  }
}
