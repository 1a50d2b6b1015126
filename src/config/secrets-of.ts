import { zoomAccountsOf } from '../accounts/zoom-accounts-of.js';
import type { Config } from './config.js';

/** Every literal secret of a configuration, so the logger can scrub them wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [
    ...zoomAccountsOf(config).flatMap((account) => [account.clientSecret, ...(account.webhookSecretToken === undefined ? [] : [account.webhookSecretToken])]),
    config.links.secret,
    ...config.links.previousSecrets,
    ...config.clients.flatMap((c) => c.keys),
    ...config.bots.map((b) => b.token),
    // The key alone too (without `whsec_`): what a subscriber's library decodes.
    ...config.webhooks.subscribers.flatMap((s) => [s.secret, s.secret.slice('whsec_'.length)]),
    ...redisPasswordOf(config.store?.url),
  ];
}

/** The password in `store.url`, as written and as decoded (a URL may percent-encode it). */
function redisPasswordOf(url: string | undefined): string[] {
  if (url === undefined) return [];
  const { password } = new URL(url);
  if (password === '') return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}
