import { ProxyError } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { TokenProvider } from '../zoom/token-provider.js';
import { createHostMatcher } from '../http/host-matcher.js';
import type { DownloadAgents } from './download-agents.js';
import { firstHeader } from './passed-headers.js';
import { requestFile, type FileResponse } from './request-file.js';
import { mediaTypeOf, refusalOf } from './zoom-refusal.js';

export interface DownloadOpenerOptions {
  agents: DownloadAgents;
  tokens: TokenProvider;
  /** `zoom.downloadHosts`: every redirect must stay within them. */
  downloadHosts: readonly string[];
  maxRedirects: number;
  /** How long Zoom may stay silent in every request: before its headers, and between two pieces of body. */
  idleTimeoutMs: number;
  /** `zoom.timeoutSeconds`: the longest each hop's answer head may take, time queued for a connection included. */
  headDeadlineMs: number;
  metrics: Metrics;
  logger: Logger;
  /** The `account` label of its metrics: the account's name with several accounts, none with one (docs/accounts.md). */
  account?: string | undefined;
}

export interface OpenRequest {
  method: 'GET' | 'HEAD';
  /** `Range` and `If-Range`, sent on every hop (Zoom's host ignores them, its file host honours them). */
  headers: Record<string, string>;
  /** The client went away: whatever is under way is aborted. */
  signal: AbortSignal;
}

export interface OpenedDownload {
  /** The answer of the last hop, headers in, body not read: the file, or an answer that is not a redirect. */
  upstream: FileResponse;
  /** Zoom's `x-zm-trackingid` from its own host, for the logs (Zoom support asks for it). */
  trackingId: string | undefined;
}

/** Opens a recording file at Zoom: the first hop with the proxy's token, redirects checked, refusals retried once. */
export type DownloadOpener = (zoomUrl: URL, request: OpenRequest) => Promise<OpenedDownload>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function resolveLocation(location: string | undefined, base: URL): URL | undefined {
  if (location === undefined || location.trim() === '') return undefined;
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/**
 * Zoom's side of a download (docs/downloads.md, "What the proxy does at Zoom"):
 * - the file's Zoom URL is asked with `Authorization: Bearer <access token>`; the token rides only
 *   to that origin (scheme, host, port): a redirect to another host (the CDN) is followed without
 *   it, since sending it there leaks it and the CDN refuses two auth mechanisms (docs/zoom.md);
 * - redirects are followed here, at most `maxRedirects`, each `Location` resolved against the
 *   current URL and checked against `zoom.downloadHosts` before anything is sent to it; once on
 *   https, a redirect to plain http is refused (a downgrade), whatever the host;
 * - an answer that is Zoom saying "not authorized" (see zoom-refusal.ts) is never handed on: the
 *   token is dropped (when Zoom's own host refused), a new one minted, and the file asked once more
 *   from the start; a second refusal is `zoom_download_denied`.
 */
export function createDownloadOpener(options: DownloadOpenerOptions): DownloadOpener {
  const { agents, tokens, metrics, logger, account } = options;
  const allowed = createHostMatcher(options.downloadHosts);

  async function send(url: URL, request: OpenRequest, token: string | undefined): Promise<FileResponse> {
    const headers = token === undefined ? request.headers : { ...request.headers, authorization: `Bearer ${token}` };
    try {
      const upstream = await requestFile(agents, url, {
        method: request.method,
        headers,
        idleTimeoutMs: options.idleTimeoutMs,
        headDeadlineMs: options.headDeadlineMs,
        signal: request.signal,
      });
      metrics.upstream.inc({ kind: 'download', status: String(upstream.status), account });
      return upstream;
    } catch (err) {
      metrics.upstream.inc({ kind: 'download', status: 'error', account });
      if (err instanceof ProxyError && err.code === 'zoom_redirect_refused') {
        // From the connection's look-up (public-address-lookup.ts): the host name, never the URL.
        logger.warn({ host: url.host }, 'download host refused: its name resolves to a private or loopback address');
      }
      throw err;
    }
  }

  async function follow(zoomUrl: URL, token: string, request: OpenRequest): Promise<OpenedDownload> {
    let url = zoomUrl;
    let trackingId: string | undefined;
    for (let redirects = 0; ; redirects++) {
      const upstream = await send(url, request, url.origin === zoomUrl.origin ? token : undefined);
      trackingId ??= firstHeader(upstream.headers['x-zm-trackingid']);
      if (!REDIRECTS.has(upstream.status)) return { upstream, trackingId };
      void upstream.discard(); // in the background: a redirect body that stalls must not hold the download up
      if (redirects >= options.maxRedirects) throw new ProxyError('zoom_redirect_loop', { trackingId });
      const next = resolveLocation(firstHeader(upstream.headers.location), url);
      if (next === undefined) {
        throw new ProxyError('zoom_bad_response', { message: 'Zoom answered the download with a redirect that names no valid URL.', trackingId });
      }
      if (url.protocol === 'https:' && next.protocol === 'http:') {
        // A downgrade: the file (and a pre-signed URL's query) would cross the network in clear.
        logger.warn({ from: url.host, to: next.host, trackingId }, 'download redirect refused: from https to http');
        throw new ProxyError('zoom_redirect_refused', { message: 'Zoom redirected the download from https to plain http; it was not followed.', trackingId });
      }
      if (!allowed(next)) {
        // Host names only: a redirect's query may be a pre-signed credential.
        logger.warn({ from: url.host, to: next.host, trackingId }, 'download redirect refused: not in zoom.downloadHosts');
        throw new ProxyError('zoom_redirect_refused', { trackingId });
      }
      url = next;
    }
  }

  return async (zoomUrl, request) => {
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.getToken();
      const opened = await follow(zoomUrl, token, request);
      const { upstream, trackingId } = opened;
      const refusal = refusalOf(upstream, zoomUrl);
      if (refusal === undefined) return opened;
      void upstream.discard(); // the page is read and dropped, never handed on
      logger.warn(
        { attempt, host: upstream.url.host, status: upstream.status, type: mediaTypeOf(upstream.headers['content-type']), refusal, trackingId },
        attempt === 1 ? 'Zoom refused the download: trying once more with a fresh token' : 'Zoom refused the download again',
      );
      if (attempt >= 2) throw new ProxyError('zoom_download_denied', { trackingId });
      if (refusal === 'token') tokens.invalidate(token);
    }
  };
}
