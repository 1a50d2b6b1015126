import type { Clock } from '../clock.js';
import type { SharedCache, Store } from '../store/store.js';
import { jwtExpiryMs } from '../zoom/jwt-expiry.js';

/** Files whose event token is held per account: an event names tens of files, an account's day a few thousand. */
const MAX_FILES = 20_000;

/**
 * The `download_token`s of Zoom's events, kept for the files they name (docs/webhooks.md): the event
 * that reaches subscribers has none, its links are the proxy's, and the download route uses the kept
 * token for those files until it expires. In the store, as a secret (encrypted at rest with Redis).
 */
export interface DownloadTokens {
  /** Keeps `token` for each of `zoomUrls` (the event's `download_url`s) until the token's own `exp`; a token without one is not kept. */
  keep(account: string, zoomUrls: readonly string[], token: string): void;
  /** The token kept for a file of the account, by its Zoom URL (query ignored), while it lasts. */
  tokenFor(account: string, zoomUrl: string): Promise<string | undefined>;
}

/**
 * The key of a file: its URL's origin and path (`https://host/rec/webhook_download/...`), what the
 * download route knows of it whatever the query; with the host, a token goes only with links to the
 * host its event named (a duplicate event from another host keeps its own).
 */
export function fileKeyOf(zoomUrl: string): string | undefined {
  try {
    const url = new URL(zoomUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}

export function createDownloadTokens(store: Store, clock: Clock): DownloadTokens {
  const caches = new Map<string, SharedCache<string>>();
  const cacheOf = (account: string): SharedCache<string> => {
    let cache = caches.get(account);
    if (cache === undefined) {
      cache = store.cache<string>({ account, kind: 'download-token', secret: true, maxEntries: MAX_FILES });
      caches.set(account, cache);
    }
    return cache;
  };
  return {
    keep(account, zoomUrls, token) {
      const expiry = jwtExpiryMs(token);
      const ttlMs = expiry === undefined ? 0 : expiry - clock();
      if (ttlMs <= 0) return;
      for (const url of zoomUrls) {
        const key = fileKeyOf(url);
        if (key !== undefined) cacheOf(account).set(key, token, ttlMs);
      }
    },
    async tokenFor(account, zoomUrl) {
      const key = fileKeyOf(zoomUrl);
      return key === undefined ? undefined : cacheOf(account).read(key);
    },
  };
}
