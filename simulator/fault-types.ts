/** The public types of Zoom's faults; `types.ts` re-exports them. */
import type { RequestKind } from './types.js';

/** Which requests a fault applies to. `path` is compared with the raw path, without query. */
export interface FaultMatch {
  method?: string;
  path?: string | RegExp;
  kind?: RequestKind;
  /** Only requests that carried this account's credential (see `SeenRequest.account`). */
  account?: string;
}

export type RateLimitCategory = 'Light' | 'Medium' | 'Heavy' | 'Resource-intensive';

/**
 * Zoom's faults. `sim.faults` acts on every account (a rule narrows to one with `match.account`);
 * `sim.account(name).faults` on that account alone.
 */
export interface SimulatorFaults {
  /** Every access token issued so far now gets `401 {"code":124}`. */
  invalidateAccessTokens(): void;
  /** While on, OAuth answers `401 invalid_client`. */
  rejectCredentials(on: boolean): void;
  /** "Sign me out of all devices": every ZAK of that user issued so far stops working. */
  revokeZaks(userIdOrEmail: string): void;
  /** The Sept 2021 event: every ZAK issued so far stops working. */
  invalidateAllZaks(): void;
  /**
   * While on, Zoom's per-second limits of a Pro account hold, per category and per account (Light
   * 30, Medium 20, Heavy and Resource-intensive 10 calls in one second of the injected clock): the call
   * over them gets the QPS 429. Off by default: tests on a clock that never moves would hit it.
   */
  enforceRateLimits(on: boolean): void;
  /** Matching calls (by default every API call) get Zoom's 429 with its rate-limit headers. */
  rateLimit(options?: {
    match?: FaultMatch;
    /** Default: the category Zoom gives the matched route. */
    category?: RateLimitCategory;
    type?: 'QPS' | 'Daily-limit';
    /** Default `1` for QPS, the next UTC midnight as an HTTP date for Daily-limit. */
    retryAfter?: string;
    count?: number;
  }): void;
  /** Answer `status` with a Zoom-style JSON error body (`code`/`message` default from the status). */
  fail(options: { match?: FaultMatch; status: number; code?: number; message?: string; count?: number }): void;
  /**
   * Answer `200` with `body` as `contentType` instead of the route's JSON: an HTML maintenance page by
   * default, or broken or incomplete JSON (what a proxy in front of Zoom, or a bad deploy, can send).
   */
  garble(options?: { match?: FaultMatch; body?: string; contentType?: string; count?: number }): void;
  /**
   * Wait `headersMs` before answering, and/or send the body's first `afterBytes` bytes (default half
   * of the first chunk written) and wait `bodyMs` before the rest.
   */
  delay(options: { match?: FaultMatch; headersMs?: number; bodyMs?: number; afterBytes?: number; count?: number }): void;
  /**
   * Destroy the socket: before any header when `afterBytes` is undefined, else after the headers
   * and `afterBytes` body bytes. A body shorter than `afterBytes` is sent whole.
   */
  reset(options?: { match?: FaultMatch; afterBytes?: number; count?: number }): void;
  /** Stop the main server (every one, with accounts on servers of their own): listener closed, open connections destroyed (ECONNREFUSED). */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  /** Downloads of this file answer the 200 HTML "Only the host can download" page, whatever the token. */
  denyFile(fileId: string): void;
  /**
   * `/rec/webhook_download/` URLs open only with their event's `download_token`, not with the
   * account's access token: what a receiver must then do is what Zoom documents for an expired event
   * token, `GET /meetings/{uuid}/recordings` for `/rec/download/` URLs. `[?]` which one Zoom does;
   * the default (off) takes the account's token too.
   */
  webhookDownloadsNeedEventToken(on: boolean): void;
  /** Downloads of this file redirect to the foreign server instead of the CDN. */
  redirectForeign(fileId: string): void;
  /** New version of the file: new bytes, ETag and Last-Modified. */
  changeFile(fileId: string): void;
  /** Remove every fault; revocations, invalidations and file versions are state and stay. */
  clear(): void;
}
