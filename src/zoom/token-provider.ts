import type { Dispatcher } from 'undici';
import type { Clock } from '../clock.js';
import { ZoomApiError } from '../errors.js';
import type { Produced, Store } from '../store/store.js';
import { zoomRequest } from './zoom-request.js';

export interface TokenProviderOptions {
  oauthUrl: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
  dispatcher: Dispatcher;
  clock: Clock;
  timeoutMs: number;
  /** Where the token is held: every replica on one store shares it (store/store.ts). */
  store: Store;
  /** The store's name of this account's Zoom side (zoomSideKey): another credential never sees its token. */
  account: string;
  /** Renew this long before `expires_in` runs out, so no request carries a token about to die. */
  renewBeforeMs?: number;
  /** Called once per OAuth call with its outcome (`200`, `401`, `error`): metrics hook. */
  onMint?: (status: string) => void;
  /** Called on every `getToken`: `hit` when the held token served, `miss` when a mint was awaited. */
  onLookup?: (result: 'hit' | 'miss') => void;
}

export interface TokenProvider {
  /** A valid access token: the held one, or one minted now by a single OAuth call however many wait. */
  getToken(): Promise<string>;
  /**
   * The token getToken would give without waiting (the held one, renewal started as it would), or
   * undefined when it would have to wait for a mint: for the hot path, which saves getToken's promise.
   */
  tokenNow(): string | undefined;
  /**
   * Zoom said this token is invalid (401 code 124): forget it, unless a newer one already replaced it,
   * so that a burst of 124s costs one mint, not one per request.
   */
  invalidate(token: string): void;
  /** Whether a token that has not expired is held now (readiness). */
  hasValidToken(): boolean;
}

/** The access token as the store holds it (encrypted at rest in Redis). */
export interface HeldToken {
  token: string;
  expiresAt: number;
}

/** The store key of an account's one access token. */
export const TOKEN_KEY = 'token';
const DEFAULT_RENEW_BEFORE_MS = 5 * 60_000;
/** After a renewal failed, the held token serves alone this long before the next try: a failing OAuth endpoint gets one call per interval, not one per request. */
const RENEW_RETRY_MS = 10_000;

/**
 * The Server-to-Server OAuth credential (docs/zoom.md): `POST oauthUrl` with Basic auth and the
 * `account_credentials` grant in a form body (the query-string form has been reported to fail).
 * There is no refresh token, so "renewing" is minting a new one; mints are single-flight through the
 * store (across replicas on Redis), and a renewal takes a newer token another replica minted.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { clock, timeoutMs } = options;
  const renewBeforeMs = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
  const authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
  const form = new URLSearchParams({ grant_type: 'account_credentials', account_id: options.accountId }).toString();
  const cache = options.store.cache<HeldToken>({ account: options.account, kind: 'oauth', secret: true, maxEntries: 1 });
  let renewing = false;
  /** No renewal is started before this time (set when one fails). */
  let renewAfter = 0;

  async function mint(): Promise<Produced<HeldToken>> {
    const startedAt = clock();
    try {
      const res = await zoomRequest(options.oauthUrl, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        dispatcher: options.dispatcher,
        timeoutMs,
      });
      const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
      if (typeof body?.access_token !== 'string' || body.access_token.length === 0) {
        throw new ZoomApiError(res.status, undefined, 'OAuth answer has no access_token', { trackingId: res.trackingId });
      }
      const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
      options.onMint?.(String(res.status));
      const expiresAt = startedAt + expiresIn * 1000;
      return { value: { token: body.access_token, expiresAt }, ttlMs: expiresAt - clock() };
    } catch (err) {
      options.onMint?.(err instanceof ZoomApiError ? String(err.status) : 'error');
      throw err;
    }
  }

  /** In the background: the held token is replaced by a newer one, another replica's or minted now. */
  function renew(held: HeldToken): void {
    renewing = true;
    void cache
      .get(TOKEN_KEY, mint, held)
      .catch(() => {
        renewAfter = clock() + RENEW_RETRY_MS;
      })
      .finally(() => {
        renewing = false;
      });
  }

  function tokenNow(): string | undefined {
    const held = cache.peek(TOKEN_KEY);
    if (held === undefined) return undefined;
    const now = clock();
    if (held.expiresAt - renewBeforeMs > now) {
      options.onLookup?.('hit');
      return held.token;
    }
    if (held.expiresAt > now) {
      // In the renewal window: renew in the background. The held token serves this request at
      // once: it is still valid, and OAuth may be slow or down (the request must not wait for it).
      options.onLookup?.('hit');
      if (!renewing && now >= renewAfter) renew(held);
      return held.token;
    }
    return undefined;
  }

  return {
    tokenNow,
    async getToken() {
      const token = tokenNow();
      if (token !== undefined) return token;
      options.onLookup?.('miss');
      const held = cache.peek(TOKEN_KEY);
      // A held token past its time (a near copy outliving it) is replaced, not served.
      return (await cache.get(TOKEN_KEY, mint, held)).token;
    },
    invalidate(token) {
      const held = cache.peek(TOKEN_KEY);
      // Compare-and-delete: a newer token stays, wherever it was minted.
      if (held?.token === token) cache.drop(TOKEN_KEY, held);
    },
    hasValidToken() {
      const held = cache.peek(TOKEN_KEY);
      return held !== undefined && held.expiresAt > clock();
    },
  };
}
