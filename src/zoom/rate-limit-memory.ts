import type { Clock } from '../clock.js';
import { ZoomApiError } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import type { Store } from '../store/store.js';
import type { UpstreamKind } from './zoom-client.js';

export interface RateLimitMemoryOptions {
  clock: Clock;
  /** Where limits are kept: every replica on one store holds back once one of them learned a limit (store/store.ts). */
  store: Store;
  /** The store's name of this account's Zoom side (zoomSideKey): one account's limit never holds another's calls. */
  account: string;
  logger: Logger;
  /** The `account` label of logs and metrics (none for a one-object `zoom`). */
  label: string | undefined;
  /** Every 429 of an own call, and every call held back (`type` `remembered`): `zlp_zoom_rate_limited_total`. */
  onLimited?: (category: string, type: string) => void;
}

/**
 * What the proxy learned from Zoom's 429s to its own calls (look-ups, ZAK and OBF mints): until
 * then, calls the limit covers are not sent, and answer at once as that 429 would.
 */
export interface RateLimitMemory {
  /** Throws the remembered 429 (a ZoomApiError, with the seconds left as Retry-After) while a limit covers this call. */
  check(kind: UpstreamKind, user: string | undefined): Promise<void>;
  /** Learns from a 429 answered to an own call of `kind` (about `user`, when it is about one). */
  learn(kind: UpstreamKind, user: string | undefined, err: ZoomApiError): void;
}

interface HeldLimit {
  /** Epoch ms the limit holds until (compared with the clock: the store's own expiry is only a bound). */
  until: number;
  category: string | undefined;
  type: string | undefined;
}

/** Zoom's category of every own call (GET meeting, webinar, meeting recordings, user, user token): one account-wide budget. */
const CATEGORY_OF: Record<UpstreamKind, string> = { meeting: 'Light', webinar: 'Light', recordings: 'Light', user: 'Light', zak: 'Light', obf: 'Light' };

/** Held back when a 429 says nothing of when to try again. */
export const RATE_LIMIT_DEFAULT_MS = 10_000;
/** The longest a limit is held, whatever Zoom's Retry-After says. */
export const RATE_LIMIT_MAX_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Until when a 429 holds: its Retry-After in seconds or as an HTTP date; without one, the next
 * midnight UTC for a daily limit, else RATE_LIMIT_DEFAULT_MS; never more than RATE_LIMIT_MAX_MS.
 * Undefined when it is already over (`Retry-After: 0`, a date past).
 */
export function rateLimitUntil(retryAfter: string | undefined, type: string | undefined, now: number): number | undefined {
  let until: number | undefined;
  const text = retryAfter?.trim() ?? '';
  // A number is seconds, never a date: Date.parse reads "1.5" or "-5" as a day of 2001; a negative one is unreadable.
  if (/^\d+(?:\.\d+)?$/.test(text)) until = now + Math.ceil(Number(text)) * 1000;
  else if (/^[-+.\d]+$/.test(text)) until = undefined;
  else if (text.length > 0 && Number.isFinite(Date.parse(text))) until = Date.parse(text);
  if (until === undefined) until = type !== undefined && /daily/i.test(type) ? (Math.floor(now / DAY_MS) + 1) * DAY_MS : now + RATE_LIMIT_DEFAULT_MS;
  until = Math.min(until, now + RATE_LIMIT_MAX_MS);
  return until > now ? until : undefined;
}

/**
 * The scope a 429 covers: the account-wide category when Zoom names one; else, when the call is
 * about a user and Zoom says nothing (a per-user daily limit answers so), that user's calls of the
 * kind; else the kind's calls.
 */
function scopeOf(kind: UpstreamKind, user: string | undefined, limit: { category?: string | undefined; type?: string | undefined }): string {
  if (limit.category !== undefined) return `category:${limit.category}`;
  if (user !== undefined && limit.type === undefined) return userScope(kind, user);
  return `kind:${kind}`;
}

function userScope(kind: UpstreamKind, user: string): string {
  return `user:${kind}:${user.toLowerCase()}`;
}

export function createRateLimitMemory(options: RateLimitMemoryOptions): RateLimitMemory {
  const { clock, logger, label } = options;
  const limits = options.store.cache<HeldLimit>({ account: options.account, kind: 'rate-limit', secret: false, maxEntries: 1000 });
  /** The end of the window last logged per scope, so a window is logged once by the replica that learned it. */
  const logged = new Map<string, number>();

  return {
    async check(kind, user) {
      const scopes = [`category:${CATEGORY_OF[kind]}`, `kind:${kind}`];
      if (user !== undefined) scopes.push(userScope(kind, user));
      const held = await Promise.all(scopes.map((scope) => limits.read(scope)));
      const now = clock();
      let longest: HeldLimit | undefined;
      for (const limit of held) if (limit !== undefined && limit.until > now && (longest === undefined || limit.until > longest.until)) longest = limit;
      if (longest === undefined) return;
      options.onLimited?.(longest.category ?? 'unknown', 'remembered');
      const seconds = Math.max(1, Math.ceil((longest.until - now) / 1000));
      throw new ZoomApiError(429, 429, `rate-limited by an earlier answer: not sent for ${seconds} s`, {
        retryAfter: String(seconds),
        rateLimit: { category: longest.category, type: longest.type },
      });
    },
    learn(kind, user, err) {
      const { category, type } = err.rateLimit;
      options.onLimited?.(category ?? 'unknown', type ?? 'unknown');
      const now = clock();
      const until = rateLimitUntil(err.retryAfter, type, now);
      if (until === undefined) return;
      const scope = scopeOf(kind, user, err.rateLimit);
      limits.set(scope, { until, category, type }, until - now);
      if ((logged.get(scope) ?? 0) >= until) return;
      for (const [key, end] of logged) if (end <= now) logged.delete(key);
      logged.set(scope, until);
      // The scope names a user's id or email only as the call did; no credential is in it.
      logger.warn({ account: label, kind, scope, category, type, until: new Date(until).toISOString() }, 'Zoom rate-limited the proxy\'s own calls: calls it covers answer at once until then');
    },
  };
}
