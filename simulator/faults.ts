/**
 * The fault switches. Rules (rate limit, fail, delay, reset) are matched per request and turned
 * into a `FaultPlan` before the route runs; the rest flip state the routes consult.
 */
import type { FaultMatch, RateLimitCategory, RequestKind, SimulatorFaults } from './types.js';
import type { SimState } from './state.js';
import type { TokenStore } from './tokens.js';
import { type BodyTap, type SimResponse, plainText, statusText, zoomError, zoomJson } from './response.js';

type Rule =
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
  if (m.method !== undefined && m.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  if (typeof m.path === 'string') return m.path === req.path;
  m.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests otherwise
  return m.path.test(req.path);
}

export interface FaultHooks {
  down(): Promise<void>;
  up(): Promise<void>;
}

export class SimFaults implements SimulatorFaults {
  readonly #rules: ActiveRule[] = [];
  readonly deniedFiles = new Set<string>();
  readonly foreignFiles = new Set<string>();
  credentialsRejected = false;
  /** Calls per category in the current second of the clock, while Zoom's per-second limits are enforced. */
  #perSecond: { second: number; calls: Map<RateLimitCategory, number> } | undefined;

  constructor(
    private readonly state: SimState,
    private readonly tokens: TokenStore,
    private readonly clock: () => number,
    private readonly hooks: FaultHooks,
  ) {}

  invalidateAccessTokens(): void {
    this.tokens.invalidateAccessTokens();
  }

  rejectCredentials(on: boolean): void {
    this.credentialsRejected = on;
  }

  enforceRateLimits(on: boolean): void {
    this.#perSecond = on ? { second: -1, calls: new Map() } : undefined;
  }

  /** Count an API call against its category's per-second limit; true when it is over. */
  #overPerSecondLimit(req: FaultRequest): boolean {
    const window = this.#perSecond;
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

  revokeZaks(userIdOrEmail: string): void {
    this.tokens.revokeZaksOf(this.#userId(userIdOrEmail));
  }

  invalidateAllZaks(): void {
    this.tokens.invalidateAllZaks();
  }

  rateLimit(o: Parameters<SimulatorFaults['rateLimit']>[0] = {}): void {
    const rule: Rule = { effect: 'rateLimit', type: o.type ?? 'QPS' };
    if (o.category !== undefined) rule.category = o.category;
    if (o.retryAfter !== undefined) rule.retryAfter = o.retryAfter;
    this.#add(rule, o.match, o.count);
  }

  fail(o: Parameters<SimulatorFaults['fail']>[0]): void {
    this.#add({ effect: 'fail', status: o.status, ...pick(o, 'code', 'message') }, o.match, o.count);
  }

  garble(o: Parameters<SimulatorFaults['garble']>[0] = {}): void {
    const body = o.body ?? '<!DOCTYPE html><html><body>Zoom is down for maintenance.</body></html>';
    this.#add({ effect: 'garble', body, contentType: o.contentType ?? 'text/html; charset=utf-8' }, o.match, o.count);
  }

  delay(o: Parameters<SimulatorFaults['delay']>[0]): void {
    this.#add({ effect: 'delay', ...pick(o, 'headersMs', 'bodyMs', 'afterBytes') }, o.match, o.count);
  }

  reset(o: Parameters<SimulatorFaults['reset']>[0] = {}): void {
    this.#add({ effect: 'reset', ...pick(o, 'afterBytes') }, o.match, o.count);
  }

  down(): Promise<void> {
    return this.hooks.down();
  }

  up(): Promise<void> {
    return this.hooks.up();
  }

  denyFile(fileId: string): void {
    this.deniedFiles.add(this.#fileId(fileId));
  }

  redirectForeign(fileId: string): void {
    this.foreignFiles.add(this.#fileId(fileId));
  }

  changeFile(fileId: string): void {
    this.state.changeFile(fileId);
  }

  clear(): void {
    this.#rules.length = 0;
    this.deniedFiles.clear();
    this.foreignFiles.clear();
    this.credentialsRejected = false;
    this.#perSecond = undefined;
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

  #add(rule: Rule, match: FaultMatch = {}, count = Infinity): void {
    this.#rules.push({ rule, match, remaining: count });
  }

  #userId(idOrEmail: string): string {
    const user = this.state.user(idOrEmail);
    if (!user) throw new Error(`simulator: no user ${idOrEmail}`);
    return user.id;
  }

  #fileId(fileId: string): string {
    if (!this.state.files.has(fileId)) throw new Error(`simulator: no file ${fileId}`);
    return fileId;
  }
}

/** The keys of `o` that are set, so optional properties stay absent rather than `undefined`. */
function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
