import type { IncomingMessage, ServerResponse } from 'node:http';
import { perAccount } from '../accounts/per-account.js';
import type { Authenticator } from '../auth/authenticate.js';
import { DEFAULTS } from '../config/config.js';
import { ProxyError } from '../errors.js';
import { createConcurrencyLimit } from '../http/concurrency-limit.js';
import { nodeRoute, type RouteResponse } from '../http/node-route.js';
import type { Services } from '../services.js';
import { createBodyForZoom, tooLarge } from './body-for-zoom.js';
import { hasDotSegment, hasUndecodableSegment } from './dot-segments.js';
import { createForwardWithRetries } from './forward-with-retries.js';
import { createPassthroughScope, scopeTargetOf, type ScopeTarget } from './passthrough-scope.js';
import type { ProxiedRequest } from './proxied-request.js';
import type { UpstreamResponse } from './upstream-response.js';
import { createResponseWriter } from './write-response.js';

/** `/v2`, `/v2/...` and `/v2?...`: the requests this route takes (before Express sees them). */
export function isPassthroughPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/v2') && (url.length === 3 || url[3] === '/' || url[3] === '?');
}

/** An all-users client: no scope to check. */
const UNSCOPED: ScopeTarget = Object.freeze({ kind: 'none' });

/**
 * `ANY /v2/*` (docs/passthrough.md): the drop-in Zoom API. An app keeps its Zoom client, swaps the base URL
 * for `{publicUrl}/v2` and its credential for a client key. The request goes to `zoom.apiUrl` with
 * the proxy's access token; the response comes back with its links rewritten (write-response.ts).
 * Runs on node:http objects, ahead of Express, to keep the hot path short.
 */
export function createPassthroughRoute(services: Services, auth: Authenticator): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, logger, metrics } = services;
  const { replayMaxBytes, requestMaxBytes, rewriteMaxBytes, maxConcurrentPerClient, uploadMinBytesPerSecond, keepResponseHeaders } = config.passthrough;
  // One client's requests (a trickling upload holds its connection to Zoom) may take a share of the pool, not all of it.
  const busy = createConcurrencyLimit(
    maxConcurrentPerClient,
    'This client key already has passthrough.maxConcurrentPerClient requests to Zoom under way. Wait for one to finish, then try again after the time in Retry-After.',
    DEFAULTS.busyRetryAfterSeconds,
    services.underWay.passthrough,
  );
  // Each account's requests go to its API host with its token; its answers are rewritten with its look-ups.
  const sideOf = perAccount(services, ({ account, label, scopeLookups, forwarder, tokens, linkRewriter, recordingOwners }) => {
    const scope = createPassthroughScope(scopeLookups);
    return {
      label,
      scope,
      bodyForZoom: createBodyForZoom({ scope, requestMaxBytes, replayMaxBytes, uploadMinBytesPerSecond, zoomTimeoutMs: account.timeoutSeconds * 1000 }),
      forward: createForwardWithRetries({ forwarder, tokens, metrics, apiUrl: account.apiUrl, replayMaxBytes, account: label }),
      writeResponse: createResponseWriter({ rewriter: linkRewriter, scope, metrics, logger, rewriteMaxBytes, keepResponseHeaders, recordingOwners, account: label }),
    };
  });

  /** Zoom's tracking id goes to the request's log line; its rate limits to the metrics. */
  function noteUpstream(res: RouteResponse, upstream: UpstreamResponse, account: string | undefined): void {
    const trackingId = upstream.headers['x-zm-trackingid'];
    if (trackingId !== undefined) res.locals.trackingId = Array.isArray(trackingId) ? trackingId[0] : trackingId;
    if (upstream.statusCode !== 429) return;
    metrics.rateLimited.inc({
      category: String(upstream.headers['x-ratelimit-category'] ?? 'unknown'),
      type: String(upstream.headers['x-ratelimit-type'] ?? 'unknown'),
      account,
    });
  }

  async function handle(req: IncomingMessage, res: RouteResponse): Promise<void> {
    const client = auth.client(req);
    if (!client) throw new ProxyError('unauthorized');
    res.locals.client = client.name;
    const { label, scope, bodyForZoom, forward, writeResponse } = sideOf(client.account);
    res.locals.account = label;
    try {
      busy.enter(client.name, req, res);
    } catch (err) {
      // A body still on its way is left unread: the connection cannot carry another request.
      if (!req.complete) res.setHeader('connection', 'close');
      throw err;
    }
    const url = req.url ?? '';
    if (hasDotSegment(url)) throw new ProxyError('bad_request', { message: 'The path has a "." or ".." segment; only paths under /v2 are forwarded to Zoom.' });
    if (hasUndecodableSegment(url)) throw new ProxyError('bad_request', { message: 'The path is not valid percent-encoding (UTF-8); write a "%" in a path as %25.' });
    // Refused before any look-up; the unread body makes the connection unusable, so it is closed after.
    if (Number(req.headers['content-length'] ?? 0) > requestMaxBytes) throw tooLarge(res);

    const restricted = !client.users.includes('*');
    let target = UNSCOPED;
    if (restricted) {
      const queryAt = url.indexOf('?');
      target = scopeTargetOf(req.method ?? 'GET', url.slice(3, queryAt < 0 ? undefined : queryAt));
    }
    const checkByResponse = restricted && (await scope.before(client, target));

    const taken = bodyForZoom(req, res, client, restricted);
    const outgoing = 'body' in taken ? taken : await taken;
    const request: ProxiedRequest = { req, res, acceptEncoding: req.headers['accept-encoding'], client, target, checkByResponse };
    try {
      const { upstream, prefetched } = await forward(request, outgoing.body, outgoing.signal);
      noteUpstream(res, upstream, label);
      try {
        await writeResponse(request, upstream, prefetched);
      } catch (err) {
        upstream.destroy();
        throw err;
      }
    } finally {
      outgoing.stop();
    }
  }

  return nodeRoute('passthrough', logger, metrics, handle);
}
