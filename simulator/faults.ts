/**
 * The faults' state. Rules (rate limit, fail, delay, reset) are matched per request, its account
 * included, and turned into a `FaultPlan` before the route runs; the rest are switches the routes
 * consult. `fault-switches.ts` is what tests call, for every account or for one.
 */
import type { FaultMatch, RateLimitCategory, RequestKind } from './types.js';
import { type BodyTap, type SimResponse, plainText, statusText, zoomError, zoomJson } from './response.js';

export type Rule =
  | { effect: 'rateLimit'; category?: RateLimitCategory; type: 'QPS' | 'Daily-limit'; retryAfter?: string }
  | { effect: 'fail'; status: number; code?: number; message?: string }
  | { effect: 'garble'; body: string; contentType: string }
  | { effect: 'delay'; headersMs?: number; bodyMs?: number; afterBytes?: number }
  | { effect: 'reset'; afterBytes?: number };

interface ActiveRule {
  rule: Rule;
  match: FaultMatch;
  remaining: number;
}

export interface FaultRequest {
  method: string;
  path: string;
  kind: RequestKind;
  /** Name of the account whose credential the request carried, if any. */
  account?: string | undefined;
  /** The rate-limit category Zoom gives this route, when it is an API route. */
  category?: RateLimitCategory | undefined;
}

export interface FaultPlan {
  headersMs: number;
  resetBeforeHeaders: boolean;
  respond?: SimResponse;
  tap: BodyTap;
}

/** Zoom's documented per-second limits for a Pro account, by category. */
const QPS_LIMITS: Record<RateLimitCategory, number> = { Light: 30, Medium: 20, Heavy: 10, 'Resource-intensive': 10 };
const DAILY_LIMIT = 100;

function matches(m: FaultMatch, req: FaultRequest, defaultKind?: RequestKind): boolean {
  const kind = m.kind ?? defaultKind;
  if (kind !== undefined && kind !== req.kind) return false;
  if (m.account !== undefined && m.account !== req.account) return false;
  if (m.method !== undefined && m.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  if (typeof m.path === 'string') return m.path === req.path;
  m.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests otherwise
  return m.path.test(req.path);
}

/** A per-second window of one account (`undefined`: requests that carried no known credential). */
type WindowKey = string | undefined;

export class SimFaults {
  readonly #rules: ActiveRule[] = [];
  readonly deniedFiles = new Set<string>();
  readonly foreignFiles = new Set<string>();
  /** Accounts whose OAuth answers `invalid_client` whatever the credentials. */
  readonly rejectedAccounts = new Set<string>();
  /** Accounts whose `/rec/webhook_download/` URLs open only with the event's `download_token`. */
  readonly eventTokenOnlyAccounts = new Set<string>();
  /** Calls per category in the current second of the clock, per account whose per-second limits are enforced. */
  readonly #perSecond = new Map<WindowKey, { second: number; calls: Map<RateLimitCategory, number> }>();

  constructor(private readonly clock: () => number) {}

  credentialsRejected(account: string): boolean {
    return this.rejectedAccounts.has(account);
  }

  enforceRateLimits(keys: WindowKey[], on: boolean): void {
    for (const key of keys) {
      if (on) this.#perSecond.set(key, { second: -1, calls: new Map() });
      else this.#perSecond.delete(key);
    }
  }

  /** Count an API call against its account's per-second limit for its category; true when it is over. */
  #overPerSecondLimit(req: FaultRequest): boolean {
    const window = this.#perSecond.get(req.account);
    if (window === undefined || req.kind !== 'api' || req.category === undefined) return false;
    const second = Math.floor(this.clock() / 1000);
    if (second !== window.second) {
      window.second = second;
      window.calls.clear();
    }
    const calls = (window.calls.get(req.category) ?? 0) + 1;
    window.calls.set(req.category, calls);
    return calls > QPS_LIMITS[req.category];
  }

  add(rule: Rule, match: FaultMatch = {}, count = Infinity): void {
    this.#rules.push({ rule, match, remaining: count });
  }

  /** Remove every fault; revocations, invalidations and file versions are state and stay. */
  clear(): void {
    this.#rules.length = 0;
    this.deniedFiles.clear();
    this.foreignFiles.clear();
    this.rejectedAccounts.clear();
    this.eventTokenOnlyAccounts.clear();
    this.#perSecond.clear();
  }

  /** Remove the faults of one account: its rules, switches and the file faults of `fileIds`. */
  clearAccount(account: string, fileIds: Iterable<string>): void {
    for (let i = this.#rules.length - 1; i >= 0; i--) if (this.#rules[i]?.match.account === account) this.#rules.splice(i, 1);
    for (const id of fileIds) {
      this.deniedFiles.delete(id);
      this.foreignFiles.delete(id);
    }
    this.rejectedAccounts.delete(account);
    this.eventTokenOnlyAccounts.delete(account);
    this.#perSecond.delete(account);
  }

  /** Match the rules against one request, use up their counts, and say what to do. */
  plan(req: FaultRequest): FaultPlan {
    const plan: FaultPlan = { headersMs: 0, resetBeforeHeaders: false, tap: {} };
    for (const active of this.#rules) {
      const { rule } = active;
      // A rate limit is an API answer unless the match names another kind.
      if (active.remaining <= 0 || !matches(active.match, req, rule.effect === 'rateLimit' ? 'api' : undefined)) continue;
      if ((rule.effect === 'fail' || rule.effect === 'rateLimit' || rule.effect === 'garble') && plan.respond) continue; // the first answer wins
      active.remaining -= 1;
      if (rule.effect === 'delay') {
        plan.headersMs += rule.headersMs ?? 0;
        if (rule.bodyMs !== undefined) {
          plan.tap.pauseMs = (plan.tap.pauseMs ?? 0) + rule.bodyMs;
          if (rule.afterBytes !== undefined) plan.tap.pauseAfter = rule.afterBytes;
        }
      } else if (rule.effect === 'reset') {
        if (rule.afterBytes === undefined) plan.resetBeforeHeaders = true;
        else plan.tap.resetAfter = Math.min(plan.tap.resetAfter ?? Infinity, rule.afterBytes);
      } else if (rule.effect === 'fail') {
        plan.respond = this.#failure(req, rule);
      } else if (rule.effect === 'garble') {
        plan.respond = plainText(200, rule.body, rule.contentType);
      } else {
        plan.respond = this.#rateLimited(req, rule);
      }
    }
    // Zoom counts every call, answered or not; the one over the limit gets the QPS 429 (an injected answer wins).
    if (this.#overPerSecondLimit(req) && !plan.respond) plan.respond = this.#rateLimited(req, { effect: 'rateLimit', type: 'QPS' });
    return plan;
  }

  #failure(req: FaultRequest, rule: Extract<Rule, { effect: 'fail' }>): SimResponse {
    const message = rule.message ?? statusText(rule.status);
    if (req.kind === 'oauth') {
      return zoomJson(rule.status, { reason: message, error: rule.status >= 500 ? 'server_error' : 'invalid_request' });
    }
    if (req.kind === 'foreign') return plainText(rule.status, message);
    return zoomError(rule.status, rule.code ?? rule.status, message);
  }

  #rateLimited(req: FaultRequest, rule: Extract<Rule, { effect: 'rateLimit' }>): SimResponse {
    const category = rule.category ?? req.category ?? 'Light';
    const daily = rule.type === 'Daily-limit';
    const message = daily
      ? 'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.'
      : 'You have reached the maximum per-second rate limit for this API. Try again later.';
    const nextMidnight = (Math.floor(this.clock() / 86_400_000) + 1) * 86_400_000;
    return zoomError(429, 429, message, {
      'retry-after': rule.retryAfter ?? (daily ? new Date(nextMidnight).toUTCString() : '1'),
      'x-ratelimit-category': category,
      'x-ratelimit-type': rule.type,
      'x-ratelimit-limit': daily ? DAILY_LIMIT : QPS_LIMITS[category],
      'x-ratelimit-remaining': 0,
    });
  }
}
