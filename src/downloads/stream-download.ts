import type { Request, Response } from 'express';
import { ClientGoneError, ProxyError, toProxyError } from '../errors.js';
import { clientRangeHeaders, ifRangeHolds } from './client-range.js';
import { firstHeader, passedHeaders } from './passed-headers.js';
import { pipeWithResume, type BodyContext, type DownloadOutcome, type ResumeOptions } from './pipe-with-resume.js';
import type { FileResponse } from './request-file.js';

/** The streamer needs what the resume loop needs, nothing more. */
export type DownloadStreamerOptions = ResumeOptions;

/** Streams the recording file at `zoomUrl` to the client: GET or HEAD, Range and If-Range honoured. */
export type DownloadStreamer = (req: Request, res: Response, zoomUrl: URL) => Promise<void>;

type Finish = BodyContext['finish'];

function outcomeOf(err: unknown): DownloadOutcome {
  if (err instanceof ProxyError && err.code === 'zoom_download_denied') return 'denied';
  if (err instanceof ProxyError && err.code === 'zoom_redirect_refused') return 'redirect_refused';
  return 'failed';
}

/** What an answer of Zoom's that is neither the file, nor a redirect, nor a refusal becomes. */
function errorForStatus(upstream: FileResponse, trackingId: string | undefined): ProxyError {
  if (upstream.status === 404 || upstream.status === 410) return new ProxyError('recording_not_found', { trackingId });
  if (upstream.status === 429) {
    const retryAfter = firstHeader(upstream.headers['retry-after']);
    return new ProxyError('zoom_rate_limited', { trackingId, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });
  }
  return new ProxyError('zoom_error', { trackingId });
}

/** 416 and 304: Zoom's status and validators stand; its body (an XML error, say) does not. */
function sendBodyless(res: Response, upstream: FileResponse): void {
  const passed = passedHeaders(upstream.headers);
  const headers: Record<string, string> = upstream.status === 416 ? { 'content-length': '0' } : {};
  for (const name of ['cache-control', 'content-range', 'accept-ranges', 'etag', 'last-modified']) {
    if (passed[name] !== undefined) headers[name] = passed[name];
  }
  res.writeHead(upstream.status, headers);
  res.end();
}

/**
 * The client's side of a download (docs/downloads.md, "Streaming" and "Resume"). Zoom's answer is
 * checked before a byte goes out (open-download.ts); then its status and the headers that frame the
 * file are written and flushed, and the body is piped (pipe-with-resume.ts). A client that goes
 * away aborts Zoom's request at once.
 */
export function createDownloadStreamer(options: DownloadStreamerOptions): DownloadStreamer {
  const { open, metrics, logger, account } = options;

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
      metrics.downloads.inc({ outcome, account });
      logger.info({ host: zoomUrl.host, outcome, ...fields }, 'download');
    };

    let opened;
    try {
      const rangeHeaders = clientRangeHeaders(req.headers);
      opened = await open(zoomUrl, { method, headers: rangeHeaders, signal: gone.signal });
      const ifRange = rangeHeaders['if-range'];
      if (opened.upstream.status === 206 && ifRange !== undefined && !ifRangeHolds(ifRange, opened.upstream.headers)) {
        // The file host ignored If-Range: the client's copy is of another version, so it gets the whole file.
        opened.upstream.abort();
        opened = await open(zoomUrl, { method, headers: {}, signal: gone.signal });
      }
    } catch (err) {
      if (gone.signal.aborted) return finish('aborted');
      finish(outcomeOf(err));
      throw toProxyError(err);
    }
    const { upstream, trackingId } = opened;
    res.locals.trackingId = trackingId;

    if (upstream.status === 416 || upstream.status === 304) {
      void upstream.discard();
      sendBodyless(res, upstream);
      return finish('ok', { status: upstream.status });
    }
    if (upstream.status !== 200 && upstream.status !== 206) {
      void upstream.discard();
      finish('failed', { status: upstream.status, trackingId });
      throw errorForStatus(upstream, trackingId);
    }
    res.writeHead(upstream.status, passedHeaders(upstream.headers));
    res.flushHeaders(); // the client sees the answer at once, even when the file's first byte is slow
    if (method === 'HEAD') {
      void upstream.discard();
      res.end();
      return finish('ok', { status: upstream.status });
    }
    await pipeWithResume({ options, res, zoomUrl, first: upstream, signal: gone.signal, finish });
  };
}
