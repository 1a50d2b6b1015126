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
  ];
}
