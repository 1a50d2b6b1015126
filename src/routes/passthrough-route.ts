import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticate.js';
import { createPassthroughScope, scopeTargetOf, type ScopeTarget } from '../auth/passthrough-scope.js';
import { checkBodyScope } from '../auth/body-scope.js';
import { isMultipartUpload, MULTIPART_UPLOAD_MAX_BYTES } from '../auth/multipart-upload.js';
import { DEFAULTS } from '../config/config.js';
import { ProxyError } from '../errors.js';
import { createConcurrencyLimit } from '../http/concurrency-limit.js';
import { acceptEncodingForZoom, codingOf, decodeBody } from '../http/content-coding.js';
import { joinChunks, type ReadUpTo } from '../http/read-up-to.js';
import { nodeRoute, type RouteResponse } from '../http/node-route.js';
import { prepareRequestBody, type RequestBody } from '../http/request-body.js';
import { hasDotSegment, hasUndecodableSegment } from '../http/dot-segments.js';
import { withoutBom } from '../http/utf8-bom.js';
import { watchUploadIdle, type UploadStall } from '../http/upload-idle.js';
import type { ZoomAnswer } from '../http/zoom-answer.js';
import { ClientGoneError } from '../errors.js';
import { isStaleConnection } from '../http/zoom-proxy.js';
import type { Services } from '../services.js';
import { createPassthroughAnswer, type PassthroughExchange } from './passthrough-answer.js';

/** `/v2`, `/v2/...` and `/v2?...`: the requests this route takes (before Express sees them). */
export function isPassthroughPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/v2') && (url.length === 3 || url[3] === '/' || url[3] === '?');
}

/** An error answer is read whole to see Zoom's code (124): they are small. */
const ERROR_BODY_MAX = 64 * 1024;
/** A restricted client's body is read for its scope check up to max(replayMaxBytes, this), within requestMaxBytes. */
const SCOPE_CHECK_MIN_BYTES = 1024 * 1024;
/** Methods that may be sent again after a connection Zoom had closed was reset (RFC 9110 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** An all-users client: no scope to check. */
const UNSCOPED: ScopeTarget = Object.freeze({ kind: 'none' });

/** Zoom's `401 {"code":124}`: the access token is invalid or expired. */
async function isInvalidToken(upstream: ZoomAnswer, body: Buffer): Promise<boolean> {
  const coding = codingOf(upstream.headers['content-encoding']);
  const decoded = coding === undefined ? undefined : await decodeBody(body, coding, ERROR_BODY_MAX);
  if (decoded === undefined) return false;
  try {
    return (JSON.parse(withoutBom(decoded).toString('utf8')) as { code?: unknown } | null)?.code === 124;
  } catch {
    return false;
  }
}

/** `413 payload_too_large` (passthrough.requestMaxBytes), on a connection closed once answered. */
function tooLarge(res: ServerResponse): ProxyError {
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

/**
 * `ANY /v2/*` (docs/passthrough.md): the drop-in Zoom API. An app keeps its Zoom client, swaps the base URL
 * for `{publicUrl}/v2` and its credential for a client key. The request goes to `zoom.apiUrl` with
 * the proxy's access token; the answer comes back with its links rewritten (passthrough-answer.ts).
 * Runs on node:http objects, ahead of Express, to keep the hot path short.
 */
export function createPassthroughRoute(services: Services, auth: Authenticator): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, tokens, zoomProxy, logger, metrics } = services;
  const { replayMaxBytes, requestMaxBytes, rewriteMaxBytes, maxConcurrentPerClient, uploadMinBytesPerSecond, keepResponseHeaders } = config.passthrough;
  // One client's requests (a trickling upload holds its connection to Zoom) may take a share of the pool, not all of it.
  const busy = createConcurrencyLimit(
    maxConcurrentPerClient,
    'This client key already has passthrough.maxConcurrentPerClient requests to Zoom under way. Wait for one to finish, then try again after the time in Retry-After.',
    DEFAULTS.busyRetryAfterSeconds,
    services.underWay.passthrough,
  );
  const apiPath = new URL(config.zoom.apiUrl).pathname.replace(/\/+$/, '');
  // A streamed upload may pause as long as Zoom may be silent.
  const zoomTimeoutMs = config.zoom.timeoutSeconds * 1000;
  const scope = createPassthroughScope(services.scopeLookups);
  const answer = createPassthroughAnswer({ rewriter: services.linkRewriter, scope, metrics, logger, rewriteMaxBytes, keepResponseHeaders, recordingOwners: services.recordingOwners });

  /** Send to Zoom; when replayable, send again once on a reset kept-alive connection and once on a 124 (with a fresh token). */
  async function exchange(ex: PassthroughExchange, body: RequestBody, signal: AbortSignal | undefined): Promise<{ upstream: ZoomAnswer; prefetched?: ReadUpTo }> {
    const { req, res } = ex;
    const path = apiPath + (req.url ?? '/v2').slice(3) || '/';
    const headers: Record<string, string> = {};
    const drop: string[] = [];
    const zoomAccept = acceptEncodingForZoom(ex.acceptEncoding);
    if (zoomAccept === undefined) drop.push('accept-encoding');
    else headers['accept-encoding'] = zoomAccept;
    if (body.kind === 'buffered') headers['content-length'] = String(body.bytes.length);
    // A restricted client's body may be held for its scope check beyond replayMaxBytes: not replayed then.
    const replayable = body.kind === 'none' || (body.kind === 'buffered' && body.bytes.length <= replayMaxBytes);

    let token = tokens.tokenNow() ?? (await tokens.getToken());
    // Each retry once, on its own: a request sent again after a reset may still meet a 124.
    let resent = false;
    let refreshed = false;
    for (;;) {
      const payload = body.kind === 'buffered' ? body.bytes : body.kind === 'streamed' ? body.stream : undefined;
      let upstream: ZoomAnswer;
      try {
        upstream = await zoomProxy.forward(req, res, { path, token, headers, drop, body: payload, signal });
      } catch (err) {
        if (!(err instanceof ClientGoneError)) metrics.upstream.inc({ kind: 'api', status: 'error' });
        if (!resent && replayable && IDEMPOTENT.has(req.method ?? '') && isStaleConnection(err)) {
          resent = true;
          continue;
        }
        throw err;
      }
      metrics.upstream.inc({ kind: 'api', status: String(upstream.statusCode) });
      // A HEAD answer has no body to read a 124 in: Zoom's status and headers go back as they are.
      if (upstream.statusCode !== 401 || req.method === 'HEAD') return { upstream };

      const prefetched = await upstream.readUpTo(ERROR_BODY_MAX);
      if (!prefetched.complete || !(await isInvalidToken(upstream, joinChunks(prefetched.chunks, prefetched.length)))) {
        return { upstream, prefetched };
      }
      // Drop the token Zoom refused (unless a newer one replaced it already), so later requests get a new one too.
      tokens.invalidate(token);
      if (refreshed || !replayable) return { upstream, prefetched };
      refreshed = true;
      token = await tokens.getToken();
    }
  }

  async function handle(req: IncomingMessage, res: RouteResponse): Promise<void> {
    const client = auth.client(req);
    if (!client) throw new ProxyError('unauthorized');
    res.locals.client = client.name;
    try {
      busy.enter(client.name, req, res);
    } catch (err) {
      // A body still on its way is left unread: the connection cannot carry another request.
      if (!req.complete) res.setHeader('connection', 'close');
      throw err;
    }
    if (hasDotSegment(req.url ?? '')) {
      throw new ProxyError('bad_request', { message: 'The path has a "." or ".." segment; only paths under /v2 are forwarded to Zoom.' });
    }
    if (hasUndecodableSegment(req.url ?? '')) {
      throw new ProxyError('bad_request', { message: 'The path is not valid percent-encoding (UTF-8); write a "%" in a path as %25.' });
    }
    // Refused before any look-up; the unread body makes the connection unusable, so it is closed after.
    if (Number(req.headers['content-length'] ?? 0) > requestMaxBytes) throw tooLarge(res);

    let target = UNSCOPED;
    let checkByAnswer = false;
    const restricted = !client.users.includes('*');
    if (restricted) {
      const url = req.url ?? '';
      const queryAt = url.indexOf('?');
      target = scopeTargetOf(req.method ?? 'GET', url.slice(3, queryAt < 0 ? undefined : queryAt));
      checkByAnswer = await scope.before(client, target);
    }

    // Only a streamed body can pass requestMaxBytes once it is on its way to Zoom: that aborts the exchange.
    let overflowed = false;
    let overflow: AbortController | undefined;
    const onOverflow = (): void => {
      overflowed = true;
      overflow?.abort(tooLarge(res));
    };
    // Held whole up to replayMaxBytes (to replay it); a restricted client's up to at least 1 MiB, to check it.
    // A picture upload up to the size Zoom takes, to check that it is multipart.
    const checkMin = isMultipartUpload(req.method, req.url) ? MULTIPART_UPLOAD_MAX_BYTES : SCOPE_CHECK_MIN_BYTES;
    const holdMax = restricted ? Math.min(requestMaxBytes, Math.max(replayMaxBytes, checkMin)) : replayMaxBytes;
    const prepared = prepareRequestBody(req, holdMax, { maxBytes: requestMaxBytes, onOverflow });
    const body = 'kind' in prepared ? prepared : await prepared;
    if (overflowed || (body.kind === 'buffered' && body.bytes.length > requestMaxBytes)) throw tooLarge(res);
    if (restricted) {
      try {
        await checkBodyScope(scope, client, req, body);
      } catch (err) {
        // A refused streamed body is left unread: the connection cannot carry another request.
        if (body.kind === 'streamed' && !res.headersSent) res.setHeader('connection', 'close');
        throw err;
      }
    }
    let uploadWatch: { stop(): void } | undefined;
    if (body.kind === 'streamed') {
      overflow = new AbortController();
      uploadWatch = watchUploadIdle(req, zoomTimeoutMs, (who) => overflow?.abort(uploadStalled(res, who)), uploadMinBytesPerSecond);
    }
    const ex: PassthroughExchange = { req, res, acceptEncoding: req.headers['accept-encoding'], client, target, checkByAnswer };
    try {
      const { upstream, prefetched } = await exchange(ex, body, overflow?.signal);
      const trackingId = upstream.headers['x-zm-trackingid'];
      if (trackingId !== undefined) res.locals.trackingId = Array.isArray(trackingId) ? trackingId[0] : trackingId;
      if (upstream.statusCode === 429) {
        metrics.rateLimited.inc({
          category: String(upstream.headers['x-ratelimit-category'] ?? 'unknown'),
          type: String(upstream.headers['x-ratelimit-type'] ?? 'unknown'),
        });
      }
      try {
        await answer(ex, upstream, prefetched);
      } catch (err) {
        upstream.destroy();
        throw err;
      }
    } finally {
      uploadWatch?.stop();
    }
  }

  return nodeRoute('passthrough', logger, metrics, handle);
}
