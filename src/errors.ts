/**
 * The error catalogue: every error the proxy answers with has a stable `code`, an HTTP status and a
 * sentence a person can act on. Routes throw `ProxyError`s; `toProxyError` maps everything else
 * (undici and socket failures, Zoom's own errors) onto the catalogue and keeps the original as `cause`.
 *
 * Messages never carry a secret: they are fixed sentences, never an echo of input or of Zoom's body.
 */

export const ERRORS = {
  unauthorized: [401, 'Send a valid key in the Authorization header (Bearer) to use this route.'],
  bot_unauthorized: [401, 'Send a valid bot token, as a Bearer header or as ?token=, to get a token.'],
  webhook_signature_invalid: [401, 'This event is not signed with the account\'s webhook Secret Token (x-zm-signature), or its x-zm-request-timestamp is missing or too far from now.'],
  link_required: [401, 'This route needs a signed link or a client key.'],
  link_invalid: [403, 'This link is not valid. Ask the application that gave it to you for a new one.'],
  link_expired: [403, 'This link has expired. Ask the application that gave it to you for a new one.'],
  forbidden: [403, 'Your key is not allowed to act for this Zoom user or meeting.'],
  bad_request: [400, 'The request is missing a parameter or has one that is not valid.'],
  not_found: [404, 'There is nothing at this address on this proxy.'],
  method_not_allowed: [405, 'This route does not answer this method. The Allow header says which it does.'],
  meeting_not_found: [404, 'Zoom does not know this meeting. Check the meeting ID.'],
  user_not_found: [404, 'Zoom does not know this user. Check the configured user ID or email.'],
  recording_not_found: [404, 'Zoom does not know this recording file; it may have been deleted. Ask for a fresh download link.'],
  request_timeout: [408, 'The request body stopped arriving before its end; Zoom did not get all of it. Send the request again.'],
  payload_too_large: [413, 'The request body is larger than this proxy accepts.'],
  too_many_requests: [429, 'This client already has as many requests under way as the proxy allows one client. Wait for one to finish, then try again after the time in Retry-After.'],
  zoom_rate_limited: [429, 'Zoom is rate-limiting this account. Try again after the time in Retry-After.'],
  zoom_auth_failed: [502, 'Zoom refused the proxy\'s OAuth credentials. Check zoom.accountId, zoom.clientId and zoom.clientSecret.'],
  zoom_error: [502, 'Zoom answered with an error. Try again; if it persists, check Zoom\'s status page.'],
  zoom_unreachable: [502, 'Zoom could not be reached. Try again in a moment.'],
  zoom_bad_response: [502, 'Zoom answered with something the proxy could not understand.'],
  zoom_redirect_refused: [502, 'Zoom redirected the download to a host that is not in zoom.downloadHosts; it was not followed.'],
  zoom_redirect_loop: [502, 'Zoom redirected the download more times than downloads.maxRedirects allows; the proxy stopped following.'],
  zoom_download_denied: [502, 'Zoom refused to hand over this recording file even with a fresh token. Check the app\'s recording scopes.'],
  zoom_timeout: [504, 'Zoom did not answer in time. Try again in a moment.'],
  zoom_unavailable: [503, 'No Zoom access token can be had right now.'],
  webhook_not_delivered: [503, 'Not every subscriber took this event yet; send it again later (those that took it will not get it twice).'],
  shutting_down: [503, 'The proxy is shutting down. Try again in a moment.'],
  internal: [500, 'The proxy failed unexpectedly. The error was logged.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERRORS;

export interface ProxyErrorOptions {
  cause?: unknown;
  /** Override the catalogue sentence (still never an echo of a secret). */
  message?: string;
  /** Zoom's `x-zm-trackingid`, kept for the logs: Zoom support asks for it. */
  trackingId?: string | undefined;
  /** Extra response headers, e.g. `Retry-After` on a rate limit. */
  headers?: Record<string, string>;
}

export class ProxyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly trackingId: string | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, options: ProxyErrorOptions = {}) {
    const [status, sentence] = ERRORS[code];
    super(options.message ?? sentence, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProxyError';
    this.code = code;
    this.status = status;
    this.trackingId = options.trackingId;
    this.headers = options.headers ?? {};
  }
}

/**
 * An error answer from Zoom's REST API or OAuth endpoint: Zoom's numeric `code` (124, 1001, 3001, ...)
 * or OAuth `error` string, the HTTP status and the tracking id. Kept apart from ProxyError because
 * what it means depends on the caller (a 404 is an unknown user for /zak, an unknown meeting for /start).
 */
export class ZoomApiError extends Error {
  readonly status: number;
  readonly zoomCode: number | string | undefined;
  readonly trackingId: string | undefined;
  readonly retryAfter: string | undefined;
  /** A 429's `X-RateLimit-Category` and `X-RateLimit-Type`, when Zoom gave them. */
  readonly rateLimit: { category?: string | undefined; type?: string | undefined };

  constructor(
    status: number,
    zoomCode: number | string | undefined,
    zoomMessage: string,
    meta: { trackingId?: string | undefined; retryAfter?: string | undefined; rateLimit?: { category?: string | undefined; type?: string | undefined } } = {},
  ) {
    super(`Zoom answered ${status}${zoomCode === undefined ? '' : ` (code ${zoomCode})`}: ${zoomMessage}`);
    this.name = 'ZoomApiError';
    this.status = status;
    this.zoomCode = zoomCode;
    this.trackingId = meta.trackingId;
    this.retryAfter = meta.retryAfter;
    this.rateLimit = meta.rateLimit ?? {};
  }
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ABORT_ERR_TIMEOUT',
]);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT',
]);

/**
 * TLS failures: a certificate node does not trust (a TLS-intercepting firewall, an old CA bundle, a
 * wrong clock: OpenSSL's `CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`,
 * ...), a name mismatch or a protocol error (`ERR_TLS_*`, `ERR_SSL_*`). Zoom cannot be reached safely.
 */
const TLS_CODE = /^ERR_(?:TLS|SSL)_|CERT|SELF_SIGNED|^UNABLE_TO_/;

function isUnreachable(code: string): boolean {
  return UNREACHABLE_CODES.has(code) || TLS_CODE.test(code);
}

/** The `code` of an error or of any error in its `cause` chain that has one we know. */
function findCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'ABORT_ERR_TIMEOUT';
    if (typeof code === 'string' && (TIMEOUT_CODES.has(code) || isUnreachable(code))) return code;
  }
  return undefined;
}

/** The client went away before the answer: nothing is left to answer (not an error to report). */
export class ClientGoneError extends Error {
  readonly code = 'CLIENT_GONE';
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/**
 * The client stopped reading a response while Zoom's bytes waited for it: the upstream request is
 * aborted, so a reader that never reads does not hold a connection to Zoom for ever.
 */
export class ClientStalledError extends Error {
  readonly code = 'CLIENT_STALLED';
  constructor() {
    super('the client stopped reading the answer');
    this.name = 'ClientStalledError';
  }
}

/**
 * A stream closed before its end without an error of its own (destroyed by whoever gave up on it):
 * nothing more will come, which callers treat as a reset, hence the code.
 */
export class StreamClosedEarlyError extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('the stream closed before its end');
    this.name = 'StreamClosedEarlyError';
  }
}

/**
 * Map any failure onto the catalogue, keeping it as `cause`. `context` says what a Zoom 404 means
 * for the caller, and whether Zoom's 429 is answered as `429 zoom_rate_limited` or, where the contract
 * lists only 502/504 for Zoom failing (start links, bot tokens), as `502 zoom_error` (Retry-After kept).
 */
export function toProxyError(err: unknown, context: { notFound?: ErrorCode; rateLimited?: 'zoom_rate_limited' | 'zoom_error' } = {}): ProxyError {
  if (err instanceof ProxyError) return err;
  if (err instanceof ZoomApiError) {
    const meta = { cause: err, trackingId: err.trackingId };
    // A success status with a body that is not the JSON asked for (an HTML page, broken or empty JSON).
    if (err.status >= 200 && err.status < 300) return new ProxyError('zoom_bad_response', meta);
    if (err.status === 404) {
      const known = err.zoomCode === 1001 ? 'user_not_found' : err.zoomCode === 3001 ? 'meeting_not_found' : undefined;
      return new ProxyError(known ?? context.notFound ?? 'zoom_error', meta);
    }
    if (err.status === 429) {
      return new ProxyError(context.rateLimited ?? 'zoom_rate_limited', { ...meta, headers: err.retryAfter ? { 'retry-after': err.retryAfter } : {} });
    }
    if (err.status === 400 || err.status === 401) {
      // OAuth failures (invalid_client) and a 124 that survived a re-mint both mean the credential is bad.
      if (typeof err.zoomCode === 'string' || err.zoomCode === 124) return new ProxyError('zoom_auth_failed', meta);
    }
    return new ProxyError('zoom_error', meta);
  }
  const code = findCode(err);
  if (code && TIMEOUT_CODES.has(code)) return new ProxyError('zoom_timeout', { cause: err });
  if (code && isUnreachable(code)) return new ProxyError('zoom_unreachable', { cause: err });
  return new ProxyError('internal', { cause: err });
}
