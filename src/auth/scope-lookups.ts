import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { ZoomApiError } from '../errors.js';
import type { ZoomClient, ZoomUser } from '../zoom/zoom-client.js';
import type { UserRef } from './client-scope.js';

/** What a restricted client's scope is checked against: who a user is, who hosts a meeting. */
export interface ScopeLookups {
  /** A user by id, email or `me`: its id and email. */
  user(idOrEmail: string): Promise<ZoomUser>;
  /** The host of a meeting (id or instance UUID, decoded once) or of a webinar. */
  host(kind: 'meeting' | 'webinar', ref: string): Promise<UserRef>;
  /** Remember a meeting's host seen in an answer, so the next check needs no look-up. */
  remember(kind: 'meeting' | 'webinar', ref: string, host: UserRef): void;
}

export interface ScopeLookupsOptions {
  zoom: ZoomClient;
  clock: Clock;
  /** `passthrough.scopeCacheSeconds`; 0: nothing is reused, but concurrent look-ups are shared. */
  cacheSeconds: number;
}

const NUMERIC = /^\d{1,19}$/;

/** A look-up cached for `ttlMs` (0: only shared while in flight), one fetch per key at a time. */
function cachedLookup<V extends object>(fetch: (key: string) => Promise<V>, clock: Clock, ttlMs: number) {
  const cache = new LRUCache<string, V>({
    max: 10_000,
    ttl: Math.max(1, ttlMs),
    perf: { now: clock },
    ttlResolution: 0,
    ttlAutopurge: false,
    fetchMethod: (key) => fetch(key),
  });
  const inflight = new Map<string, Promise<V>>();
  return {
    async get(key: string): Promise<V> {
      if (ttlMs > 0) {
        const value = await cache.fetch(key);
        if (value === undefined) throw new ZoomApiError(200, undefined, 'look-up gave nothing');
        return value;
      }
      let pending = inflight.get(key);
      if (!pending) {
        pending = fetch(key).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
    set(key: string, value: V): void {
      if (ttlMs > 0) cache.set(key, value);
    },
  };
}

/**
 * The user and meeting-host look-ups behind the passthrough's scope check (docs/contract.md, "Client
 * scope"), cached briefly: a meeting changing hosts or a user changing email is seen within
 * `cacheSeconds`. A meeting that no longer exists but still has recordings is found through them.
 */
export function createScopeLookups(options: ScopeLookupsOptions): ScopeLookups {
  const { zoom, clock } = options;
  const ttlMs = options.cacheSeconds * 1000;
  const users = cachedLookup((key) => zoom.getUser(key), clock, ttlMs);
  const hosts = cachedLookup<UserRef>(async (key) => {
    const [kind, ref] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'webinar') {
      const webinar = await zoom.getWebinar(ref);
      return { id: webinar.host_id, email: webinar.host_email };
    }
    if (NUMERIC.test(ref)) {
      try {
        const meeting = await zoom.getMeeting(ref);
        return { id: meeting.host_id, email: meeting.host_email };
      } catch (err) {
        if (!(err instanceof ZoomApiError && err.status === 404)) throw err;
      }
    }
    return { id: await zoom.getRecordingsHost(ref) };
  }, clock, ttlMs);
  const userKey = (u: string): string => (u.includes('@') ? u.toLowerCase() : u);

  return {
    user: (idOrEmail) => users.get(userKey(idOrEmail)),
    host: (kind, ref) => hosts.get(`${kind}:${ref}`),
    remember: (kind, ref, host) => hosts.set(`${kind}:${ref}`, host),
  };
}
