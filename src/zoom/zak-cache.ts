import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { ZoomApiError } from '../errors.js';
import { jwtExpiryMs } from './jwt-expiry.js';

export interface ZakCacheOptions {
  /** Mints a ZAK for a user (the Zoom client's `mintZak`). */
  mint: (user: string) => Promise<string>;
  clock: Clock;
  /** `zak.cacheSeconds`: the longest a ZAK is reused. */
  cacheSeconds: number;
  /** A ZAK handed out has at least this long to live; one that would not is never served. */
  minValiditySeconds: number;
  /** Users whose ZAKs are held at once (one per host and bot user). */
  maxUsers?: number;
  onLookup?: (result: 'hit' | 'miss' | 'shared') => void;
}

export interface ZakCache {
  /** A ZAK of the user with at least `minValiditySeconds` left: reused or minted, one mint per user at a time. */
  get(user: string): Promise<string>;
}

/**
 * ZAKs per user on lru-cache: `fetch()` gives single-flight per key for free, and each entry's TTL is
 * the shorter of `cacheSeconds` and the ZAK's own `exp` less the minimum validity, so a cached ZAK is
 * never handed out stale. The cache key is the user as configured (emails lowercased).
 */
export function createZakCache(options: ZakCacheOptions): ZakCache {
  const { clock } = options;
  const cacheMs = options.cacheSeconds * 1000;
  const minValidityMs = options.minValiditySeconds * 1000;

  /** Mint, and refuse a ZAK that would not have the minimum validity left when handed out. */
  async function mintUsable(user: string): Promise<{ zak: string; usableMs: number }> {
    const zak = await options.mint(user);
    const expiresAt = jwtExpiryMs(zak);
    const usableMs = expiresAt === undefined ? cacheMs : expiresAt - minValidityMs - clock();
    if (expiresAt !== undefined && usableMs <= 0) {
      throw new ZoomApiError(200, undefined, 'Zoom minted a ZAK that expires too soon to hand out');
    }
    return { zak, usableMs };
  }

  const cache = new LRUCache<string, string>({
    max: options.maxUsers ?? 10_000,
    ttl: Math.max(1, cacheMs),
    perf: { now: clock },
    ttlAutopurge: false,
    // lru-cache caches the time for ttlResolution ms; read our clock on every check instead.
    ttlResolution: 0,
    fetchMethod: async (user, _stale, { options: entry }) => {
      const { zak, usableMs } = await mintUsable(user);
      entry.ttl = Math.max(1, Math.min(cacheMs, usableMs));
      return zak;
    },
  });

  // cacheSeconds 0: no reuse, but concurrent asks for one user still share one mint.
  const inflight = new Map<string, Promise<string>>();
  const mintShared = (key: string): Promise<string> => {
    let pending = inflight.get(key);
    if (pending) {
      options.onLookup?.('shared');
      return pending;
    }
    options.onLookup?.('miss');
    pending = mintUsable(key)
      .then((minted) => minted.zak)
      .finally(() => inflight.delete(key));
    inflight.set(key, pending);
    return pending;
  };

  return {
    async get(user) {
      const key = user.includes('@') ? user.toLowerCase() : user;
      if (cacheMs === 0) return mintShared(key);
      const status: LRUCache.Status<string, string> = {};
      const zak = await cache.fetch(key, { status });
      options.onLookup?.(status.fetch === 'hit' ? 'hit' : status.fetch === 'inflight' ? 'shared' : 'miss');
      if (zak === undefined) throw new ZoomApiError(200, undefined, 'no ZAK could be had');
      return zak;
    },
  };
}
