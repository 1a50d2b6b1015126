import { zoomAccountsOf } from '../accounts/zoom-accounts-of.js';
import type { Config } from './config.js';

/** Every literal secret of a configuration, so the logger can scrub them wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [
    ...zoomAccountsOf(config).map((account) => account.clientSecret),
    config.links.secret,
    ...config.links.previousSecrets,
    ...config.clients.flatMap((c) => c.keys),
    ...config.bots.map((b) => b.token),
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
