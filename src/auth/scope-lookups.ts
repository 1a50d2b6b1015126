import { ZoomApiError } from '../errors.js';
import type { SharedCache, Store } from '../store/store.js';
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
  /** Where look-ups are kept: every replica on one store shares them (store/store.ts). */
  store: Store;
  /** The store's name of this account's Zoom side (zoomSideKey). */
  account: string;
  /** `passthrough.scopeCacheSeconds`; 0: nothing is reused, but concurrent look-ups are shared. */
  cacheSeconds: number;
}

const NUMERIC = /^\d{1,19}$/;
/** Users and meeting hosts held at once, per account and kind. */
const MAX_ENTRIES = 10_000;

/** A look-up kept `ttlMs` in the store (0: only shared while in flight), one fetch per key at a time. */
function cachedLookup<V extends object>(cache: SharedCache<V>, fetch: (key: string) => Promise<V>, ttlMs: number) {
  return {
    get: (key: string): Promise<V> => cache.get(key, async () => ({ value: await fetch(key), ttlMs })),
    set: (key: string, value: V): void => cache.set(key, value, ttlMs),
  };
}

/**
 * The user and meeting-host look-ups behind the passthrough's scope check (docs/contract.md, "Client
 * scope"), cached briefly: a meeting changing hosts or a user changing email is seen within
 * `cacheSeconds`. A meeting that no longer exists but still has recordings is found through them.
 */
export function createScopeLookups(options: ScopeLookupsOptions): ScopeLookups {
  const { zoom, store, account } = options;
  const ttlMs = options.cacheSeconds * 1000;
  const users = cachedLookup(store.cache<ZoomUser>({ account, kind: 'user', secret: false, maxEntries: MAX_ENTRIES }), (key) => zoom.getUser(key), ttlMs);
  const hosts = cachedLookup(store.cache<UserRef>({ account, kind: 'host', secret: false, maxEntries: MAX_ENTRIES }), async (key) => {
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
  }, ttlMs);
  const userKey = (u: string): string => (u.includes('@') ? u.toLowerCase() : u);

  return {
    user: (idOrEmail) => users.get(userKey(idOrEmail)),
    host: (kind, ref) => hosts.get(`${kind}:${ref}`),
    remember: (kind, ref, host) => hosts.set(`${kind}:${ref}`, host),
  };
}
