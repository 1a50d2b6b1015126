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

  const cache = new LRUCache<string, string>({
    max: options.maxUsers ?? 10_000,
    ttl: Math.max(1, cacheMs),
    perf: { now: clock },
    ttlAutopurge: false,
    fetchMethod: async (user, _stale, { options: entry }) => {
      const zak = await options.mint(user);
      const now = clock();
      const expiresAt = jwtExpiryMs(zak);
      const usableMs = expiresAt === undefined ? cacheMs : expiresAt - minValidityMs - now;
      if (usableMs <= 0) {
        throw new ZoomApiError(200, undefined, 'Zoom minted a ZAK that expires too soon to hand out');
      }
      entry.ttl = Math.max(1, Math.min(cacheMs, usableMs));
      return zak;
    },
  });

  return {
    async get(user) {
      const key = user.includes('@') ? user.toLowerCase() : user;
      const status: LRUCache.Status<string, string> = {};
      const zak = await cache.fetch(key, { status });
      options.onLookup?.(status.fetch === 'hit' ? 'hit' : status.fetch === 'inflight' ? 'shared' : 'miss');
      if (zak === undefined) throw new ZoomApiError(200, undefined, 'no ZAK could be had');
      return zak;
    },
  };
}
