import type { Clock } from '../clock.js';
import { ZoomApiError } from '../errors.js';
import type { Store } from '../store/store.js';
import { jwtExpiryMs } from './jwt-expiry.js';

export interface ZakCacheOptions {
  /** Mints a ZAK for a user (the Zoom client's `mintZak`). */
  mint: (user: string) => Promise<string>;
  clock: Clock;
  /** Where ZAKs are held: every replica on one store shares them (store/store.ts). */
  store: Store;
  /** The store's name of this account's Zoom side (zoomSideKey): another credential never sees its ZAKs. */
  account: string;
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

/** A ZAK as the store holds it (encrypted at rest in Redis), with its `exp` read once, in ms (null: none). */
interface HeldZak {
  zak: string;
  exp: number | null;
}

/** Store values that are not usable and are dropped before one is minted; beyond, no ZAK could be had. */
const MAX_UNUSABLE = 2;

/**
 * ZAKs per user in the store: single-flight per user (across replicas on Redis), each kept for the
 * shorter of `cacheSeconds` and the ZAK's own `exp` less the minimum validity. A ZAK is checked
 * against its `exp` whenever it is handed out, so a copy outliving its usable time (another replica's
 * clock, a near copy) is never served. The key is the user as configured (emails lowercased).
 */
export function createZakCache(options: ZakCacheOptions): ZakCache {
  const { clock } = options;
  const cacheMs = options.cacheSeconds * 1000;
  const minValidityMs = options.minValiditySeconds * 1000;
  // cacheSeconds 0: nothing is kept, but concurrent asks for one user still share one mint.
  const cache = options.store.cache<HeldZak>({ account: options.account, kind: 'zak', secret: true, maxEntries: options.maxUsers ?? 10_000 });
  const usable = (held: HeldZak): boolean => held.exp === null || held.exp - minValidityMs > clock();

  /** Mint, and refuse a ZAK that would not have the minimum validity left when handed out. */
  async function mintUsable(user: string): Promise<{ value: HeldZak; ttlMs: number }> {
    const zak = await options.mint(user);
    const exp = jwtExpiryMs(zak) ?? null;
    const usableMs = exp === null ? cacheMs : exp - minValidityMs - clock();
    if (exp !== null && usableMs <= 0) {
      throw new ZoomApiError(200, undefined, 'Zoom minted a ZAK that expires too soon to hand out');
    }
    return { value: { zak, exp }, ttlMs: Math.min(cacheMs, usableMs) };
  }

  return {
    async get(user) {
      const key = user.includes('@') ? user.toLowerCase() : user;
      const near = cache.peek(key);
      if (near !== undefined) {
        if (usable(near)) {
          options.onLookup?.('hit');
          return near.zak;
        }
        cache.drop(key, near);
      }
      for (let unusable = 0; unusable <= MAX_UNUSABLE; unusable++) {
        let minted = false;
        const held = await cache.get(key, () => {
          minted = true;
          return mintUsable(key);
        });
        if (minted || usable(held)) {
          // `shared`: another caller's mint (on this replica or another) served this one.
          options.onLookup?.(minted ? 'miss' : 'shared');
          return held.zak;
        }
        cache.drop(key, held);
      }
      throw new ZoomApiError(200, undefined, 'no usable ZAK could be had');
    },
  };
}
