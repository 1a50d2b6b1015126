import { ProxyError } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { TokenProvider } from '../zoom/token-provider.js';
import { createHostMatcher } from '../http/host-matcher.js';
import type { DownloadAgents } from './download-agents.js';
import type { CurrentDownloadUrl } from './current-download-url.js';
import { firstHeader } from './passed-headers.js';
import { requestFile, type FileResponse } from './request-file.js';
import { mediaTypeOf, refusalOf, type Refusal } from './zoom-refusal.js';

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
  /** For a `/rec/webhook_download/` URL: the `download_token` of the relayed event that named it, while it lasts, tried before the account's token. */
  eventTokenFor?: ((zoomUrl: URL) => Promise<string | undefined>) | undefined;
  /** For a `/rec/webhook_download/` URL Zoom refuses with the account's token: the file's current URL from the API. */
  currentUrlOf?: CurrentDownloadUrl | undefined;
}

/** What the latest refusal of one download said: its tracking id (for the error) and whose fault it was. */
interface Seen {
  trackingId: string | undefined;
  refusal: Refusal | undefined;
}

const FRESH = 'Zoom refused the download: trying once more with a fresh token';

/** Which credential a try carried, as the logs name it (never its value). */
interface Credential {
  kind: 'event_token' | 'access_token';
  token: string;
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
/** The URLs Zoom's events carry (docs/zoom.md): their event's token opens them; after it, the API knows the file by another URL. */
const WEBHOOK_DOWNLOAD = /^\/rec\/webhook_download\//;

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
 *   from the start; a second refusal is `zoom_download_denied`;
 * - the credential, in order (docs/downloads.md, "Credentials"): the event's `download_token` for a
 *   file of a relayed event while it lasts, then the account's access token; for an event's
 *   `/rec/webhook_download/` URL that token refused, the recording's current `download_url` from the
 *   API, with the account's token.
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

  /**
   * One try with one token: the opened file, or undefined when Zoom refused it (the page read and
   * dropped, never handed on; logged with the kind of credential, never its value).
   */
  async function attempt(zoomUrl: URL, credential: Credential, request: OpenRequest, note: string, seen: Seen): Promise<OpenedDownload | undefined> {
    const opened = await follow(zoomUrl, credential.token, request);
    const { upstream, trackingId } = opened;
    seen.trackingId = trackingId ?? seen.trackingId;
    const refusal = refusalOf(upstream, zoomUrl);
    if (refusal === undefined) return opened;
    void upstream.discard();
    logger.warn(
      { credential: credential.kind, host: upstream.url.host, status: upstream.status, type: mediaTypeOf(upstream.headers['content-type']), refusal, trackingId },
      note,
    );
    seen.refusal = refusal;
    return undefined;
  }

  const accessToken = async (): Promise<Credential> => ({ kind: 'access_token', token: await tokens.getToken() });
  /** Zoom's own host refused the account's token: dropped, so the next try mints another. */
  const dropIfRefused = (credential: Credential, seen: Seen): void => {
    if (seen.refusal === 'token') tokens.invalidate(credential.token);
  };

  return async (zoomUrl, request) => {
    const seen: Seen = { trackingId: undefined, refusal: undefined };
    // Only an event's own URLs: any other download costs no look-up in the store.
    const eventUrl = WEBHOOK_DOWNLOAD.test(zoomUrl.pathname);
    const eventToken = eventUrl ? await options.eventTokenFor?.(zoomUrl) : undefined;
    if (eventToken !== undefined) {
      const opened = await attempt(zoomUrl, { kind: 'event_token', token: eventToken }, request, 'Zoom refused the download with the event\'s download_token: trying the account\'s token', seen);
      if (opened !== undefined) return opened;
    }
    // An event's URL that the account's token cannot open: the API knows the file by another URL.
    const viaApi = eventUrl ? options.currentUrlOf : undefined;
    let target = zoomUrl;
    let credential = await accessToken();
    let opened = await attempt(target, credential, request, viaApi ? 'Zoom refused the download of an event\'s file with the account\'s token' : FRESH, seen);
    if (opened !== undefined) return opened;
    const current = viaApi === undefined ? undefined : await viaApi(zoomUrl);
    // The API's URL gets the account's token: never over plain http when the event's URL was https.
    const secure = current !== undefined && (current.protocol === 'https:' || (current.protocol === 'http:' && zoomUrl.protocol === 'http:'));
    if (current !== undefined && secure && allowed(current)) {
      // The token is not at fault here (the URL takes its event's token only): kept, no needless mint.
      logger.info({ host: current.host }, 'download of an event\'s file: the recording\'s current download_url from the API is used');
      target = current;
      opened = await attempt(target, credential, request, FRESH, seen);
      if (opened !== undefined) return opened;
    } else if (current !== undefined) {
      logger.warn({ host: current.host, protocol: current.protocol }, 'the recording\'s current download_url is outside zoom.downloadHosts or not https: not followed');
    }
    // An event's URL with nowhere else to go: the account's token was not at fault, so it is kept.
    if (viaApi !== undefined && target === zoomUrl) throw new ProxyError('zoom_download_denied', { trackingId: seen.trackingId });
    dropIfRefused(credential, seen);
    credential = await accessToken();
    opened = await attempt(target, credential, request, 'Zoom refused the download again', seen);
    if (opened !== undefined) return opened;
    throw new ProxyError('zoom_download_denied', { trackingId: seen.trackingId });
  };
}
