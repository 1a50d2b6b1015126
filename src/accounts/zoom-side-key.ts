import { createHash } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { ZoomAccount } from './zoom-accounts-of.js';

/**
 * The store's name of an account's Zoom side: its name and a digest of everything its state was
 * minted and learned with (the account and app, the client secret among them, the endpoints, and the
 * settings of its caches). Equal for replicas and reloads that share the state; changed by any of
 * them, so a new credential starts empty and never sees the old one's token or ZAKs. The digest
 * keeps the client secret out of every store key.
 */
export function zoomSideKey(account: ZoomAccount, config: Config): string {
  const settings = [
    config.accounts === undefined ? null : account.name,
    account.accountId,
    account.clientId,
    account.clientSecret,
    account.oauthUrl,
    account.apiUrl,
    account.webUrl,
    account.timeoutSeconds,
    config.zak.cacheSeconds,
    config.downloads.ownerCacheEntries,
    config.downloads.ownerCacheSeconds,
  ];
  const digest = createHash('sha256').update(`zoom-side\n${JSON.stringify(settings)}`).digest('base64url').slice(0, 22);
  return `${account.name}/${digest}`;
}
