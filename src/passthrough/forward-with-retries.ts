import type { TokenProvider } from '../zoom/token-provider.js';
import { ClientGoneError } from '../errors.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { withoutBom } from '../http/utf8-bom.js';
import { acceptEncodingForZoom, codingOf, decodeBody } from './content-coding.js';
import { isStaleConnection, type Forwarder } from './forwarder.js';
import { joinChunks, type ReadUpTo } from './read-up-to.js';
import type { RequestBody } from './request-body.js';
import type { UpstreamResponse } from './upstream-response.js';
import type { ProxiedRequest } from './proxied-request.js';

export interface ForwardWithRetriesOptions {
  forwarder: Forwarder;
  tokens: TokenProvider;
  metrics: Metrics;
  /** `zoom.apiUrl`: its path is put before the client's path below `/v2`. */
  apiUrl: string;
  /** `passthrough.replayMaxBytes`: a body held whole up to this may be sent again. */
  replayMaxBytes: number;
  /** The `account` label of its metrics: the account's name with several accounts, none with one (docs/accounts.md). */
  account?: string | undefined;
}

/** Zoom's response, and what was already read of its body (a 401 read to see whether it is a 124). */
export interface ForwardResult {
  upstream: UpstreamResponse;
  prefetched?: ReadUpTo;
}

/** An error response is read whole to see Zoom's code (124): they are small. */
const ERROR_BODY_MAX = 64 * 1024;
/** Methods that may be sent again after a connection Zoom had closed was reset (RFC 9110 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Zoom's `401 {"code":124}`: the access token is invalid or expired. */
async function isInvalidToken(upstream: UpstreamResponse, body: Buffer): Promise<boolean> {
  const coding = codingOf(upstream.headers['content-encoding']);
  const decoded = coding === undefined ? undefined : await decodeBody(body, coding, ERROR_BODY_MAX);
  if (decoded === undefined) return false;
  try {
    return (JSON.parse(withoutBom(decoded).toString('utf8')) as { code?: unknown } | null)?.code === 124;
  } catch {
    return false;
  }
}

/**
 * Send to Zoom with the proxy's token; when replayable, send again once on a reset kept-alive
 * connection and once on a 124 (with a fresh token). Counts every upstream response by status.
 */
export function createForwardWithRetries(options: ForwardWithRetriesOptions) {
  const { forwarder, tokens, metrics, replayMaxBytes, account } = options;
  const apiPath = new URL(options.apiUrl).pathname.replace(/\/+$/, '');

  return async function forward(request: ProxiedRequest, body: RequestBody, signal: AbortSignal | undefined): Promise<ForwardResult> {
    const { req, res } = request;
    const path = apiPath + (req.url ?? '/v2').slice(3) || '/';
    const headers: Record<string, string> = {};
    const drop: string[] = [];
    const zoomAccept = acceptEncodingForZoom(request.acceptEncoding);
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
      let upstream: UpstreamResponse;
      try {
        upstream = await forwarder.forward(req, res, { path, token, headers, drop, body: payload, signal });
      } catch (err) {
        if (!(err instanceof ClientGoneError)) metrics.upstream.inc({ kind: 'api', status: 'error', account });
        if (!resent && replayable && IDEMPOTENT.has(req.method ?? '') && isStaleConnection(err)) {
          resent = true;
          continue;
        }
        throw err;
      }
      metrics.upstream.inc({ kind: 'api', status: String(upstream.statusCode), account });
      // A HEAD response has no body to read a 124 in: Zoom's status and headers go back as they are.
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
  };
}
