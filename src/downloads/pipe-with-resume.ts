import type { Response } from 'express';
import { ProxyError } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { bodyPlanOf, resumeMismatch } from './body-plan.js';
import type { DownloadOpener } from './open-download.js';
import type { BodySink, FileResponse } from './request-file.js';

/** `zlp_downloads_total{outcome,account}`; `resumed` is counted per resume, besides the outcome. */
export type DownloadOutcome = 'ok' | 'denied' | 'redirect_refused' | 'aborted' | 'failed';

/** What the resume loop needs: a way to ask Zoom again, its limits, and where it counts and logs. */
export interface ResumeOptions {
  open: DownloadOpener;
  maxResumes: number;
  /** A client that reads nothing for this long while the proxy waits on it is cut off. */
  idleTimeoutMs: number;
  metrics: Metrics;
  logger: Logger;
  /** The `account` label of its metrics: the account's name with several accounts, none with one (docs/accounts.md). */
  account?: string | undefined;
}

export interface BodyContext {
  options: ResumeOptions;
  res: Response;
  zoomUrl: URL;
  /** Zoom's answer whose status and headers went to the client; its body is still to read. */
  first: FileResponse;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Counts and logs the download's outcome, once. */
  finish: (outcome: DownloadOutcome, fields?: Record<string, unknown>) => void;
}

/** A failure for the logs: its code and message, never a URL or a header. */
function describe(err: unknown): { code?: string; message: string } {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? { code, message: err.message } : { message: err.message };
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
export async function pipeWithResume(context: BodyContext): Promise<void> {
  const { options, res, zoomUrl, signal, finish } = context;
  const { open, metrics, logger, account } = options;
  const plan = bodyPlanOf(context.first);
  let current: FileResponse | undefined = context.first;
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
    if (sent > reported) metrics.bytesStreamed.inc({ account }, sent - reported);
    reported = sent;
  };
  const onDrain = (): void => current?.resume();
  res.on('drain', onDrain);
  // Zoom's idle time is watched by request-file.ts; the client's is watched here, coarsely.
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
      metrics.downloads.inc({ outcome: 'resumed', account });
      logger.warn({ host: zoomUrl.host, from: next, resume: resumes, reason: describe(failure) }, 'download resumed');
      current = undefined;
      try {
        const headers = { range: `bytes=${next}-${plan.end ?? ''}`, 'if-range': plan.validator };
        const { upstream } = await open(zoomUrl, { method: 'GET', headers, signal });
        const mismatch = resumeMismatch(upstream, plan, next);
        if (mismatch !== undefined) {
          upstream.abort();
          return giveUp(new Error(mismatch));
        }
        current = upstream;
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
