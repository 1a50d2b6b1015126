import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientConfig } from '../config/config.js';
import { ProxyError } from '../errors.js';
import { checkBodyScope } from './check-body-scope.js';
import { isMultipartUpload, MULTIPART_UPLOAD_MAX_BYTES } from './multipart-upload.js';
import type { PassthroughScope } from './passthrough-scope.js';
import { prepareRequestBody, type RequestBody } from './request-body.js';
import { watchUploadIdle, type UploadStall } from './watch-upload-idle.js';

export interface BodyForZoomOptions {
  scope: PassthroughScope;
  /** `passthrough.requestMaxBytes`. */
  requestMaxBytes: number;
  /** `passthrough.replayMaxBytes`. */
  replayMaxBytes: number;
  /** `passthrough.uploadMinBytesPerSecond`. */
  uploadMinBytesPerSecond: number;
  /** `zoom.timeoutSeconds` in ms: a streamed upload may pause as long as Zoom may be silent. */
  zoomTimeoutMs: number;
}

/** The client's body as it goes to Zoom, and what watches it on the way. */
export interface BodyForZoom {
  body: RequestBody;
  /** Aborted, with the error to answer, when a streamed body passes requestMaxBytes or its upload stalls. */
  signal: AbortSignal | undefined;
  /** Stop watching the upload (the request is over). */
  stop(): void;
}

/** A restricted client's body is read for its scope check up to max(replayMaxBytes, this), within requestMaxBytes. */
const SCOPE_CHECK_MIN_BYTES = 1024 * 1024;

const NOTHING_TO_STOP = (): void => undefined;

/** `413 payload_too_large` (passthrough.requestMaxBytes), on a connection closed once answered. */
export function tooLarge(res: ServerResponse): ProxyError {
  if (!res.headersSent) res.setHeader('connection', 'close');
  return new ProxyError('payload_too_large', { message: 'The request body is larger than passthrough.requestMaxBytes allows; Zoom did not get it.' });
}

/**
 * The upload stalled: the client stopped sending (408) or sent slower than passthrough.uploadMinBytesPerSecond
 * (408), or Zoom did not take it (504: busy, slow or not yet reached). The unread rest makes the connection unusable.
 */
function uploadStalled(res: ServerResponse, who: UploadStall): ProxyError {
  if (!res.headersSent) res.setHeader('connection', 'close');
  if (who === 'slow') {
    return new ProxyError('request_timeout', {
      message: 'The request body arrived slower than passthrough.uploadMinBytesPerSecond allows; Zoom did not get all of it. Send it again over a faster connection.',
    });
  }
  return who === 'client' ? new ProxyError('request_timeout') : new ProxyError('zoom_timeout', { message: 'Zoom did not take the request body in time. Try again in a moment.' });
}

/** Only a streamed body can pass requestMaxBytes once it is on its way to Zoom: that aborts the forward. */
interface Overflow {
  happened: boolean;
  abort: AbortController | undefined;
}

/**
 * The request body, held whole up to `replayMaxBytes` (to send it again), a restricted client's up
 * to at least 1 MiB (to check it), a picture upload up to the size Zoom takes (to check that it is
 * multipart); a larger one streams. Refused past `requestMaxBytes`, or when a restricted client's
 * body is out of its scope; a streamed one is watched for its size and its pace. A request without
 * a body is ready at once, without a promise: most API calls are GETs.
 */
export function createBodyForZoom(options: BodyForZoomOptions) {
  const { scope, requestMaxBytes, replayMaxBytes, uploadMinBytesPerSecond, zoomTimeoutMs } = options;

  function checkSize(res: ServerResponse, body: RequestBody, overflow: Overflow): RequestBody {
    if (overflow.happened || (body.kind === 'buffered' && body.bytes.length > requestMaxBytes)) throw tooLarge(res);
    return body;
  }

  function watch(req: IncomingMessage, res: ServerResponse, body: RequestBody, overflow: Overflow): BodyForZoom {
    if (body.kind !== 'streamed') return { body, signal: undefined, stop: NOTHING_TO_STOP };
    const abort = new AbortController();
    overflow.abort = abort;
    const { stop } = watchUploadIdle(req, zoomTimeoutMs, (who) => abort.abort(uploadStalled(res, who)), uploadMinBytesPerSecond);
    return { body, signal: abort.signal, stop };
  }

  async function checkThenWatch(req: IncomingMessage, res: ServerResponse, client: ClientConfig, restricted: boolean, prepared: RequestBody | Promise<RequestBody>, overflow: Overflow): Promise<BodyForZoom> {
    const body = checkSize(res, await prepared, overflow);
    if (restricted) {
      try {
        await checkBodyScope(scope, client, req, body);
      } catch (err) {
        // A refused streamed body is left unread: the connection cannot carry another request.
        if (body.kind === 'streamed' && !res.headersSent) res.setHeader('connection', 'close');
        throw err;
      }
    }
    return watch(req, res, body, overflow);
  }

  return function bodyForZoom(req: IncomingMessage, res: ServerResponse, client: ClientConfig, restricted: boolean): BodyForZoom | Promise<BodyForZoom> {
    const overflow: Overflow = { happened: false, abort: undefined };
    const onOverflow = (): void => {
      overflow.happened = true;
      overflow.abort?.abort(tooLarge(res));
    };
    const checkMin = isMultipartUpload(req.method, req.url) ? MULTIPART_UPLOAD_MAX_BYTES : SCOPE_CHECK_MIN_BYTES;
    const holdMax = restricted ? Math.min(requestMaxBytes, Math.max(replayMaxBytes, checkMin)) : replayMaxBytes;
    const prepared = prepareRequestBody(req, holdMax, { maxBytes: requestMaxBytes, onOverflow });
    if ('kind' in prepared && !restricted) return watch(req, res, checkSize(res, prepared, overflow), overflow);
    return checkThenWatch(req, res, client, restricted, prepared, overflow);
  };
}
