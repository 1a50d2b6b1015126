import type { Config, ZoomAccount } from '../config/config.js';

export type { ZoomAccount } from '../config/config.js';

/**
 * The name of the one account of a configuration whose `zoom` is one object (docs/accounts.md): it
 * names that account in the services, the metrics and `/readyz`.
 */
export const DEFAULT_ACCOUNT = 'default';

/**
 * The Zoom accounts of a configuration, in the order written. Read from the configuration each time
 * the services are built, so a configuration changed in place (a test's, a reload's) is what counts.
 */
export function zoomAccountsOf(config: Pick<Config, 'zoom' | 'accounts'>): ZoomAccount[] {
  return config.accounts ?? [{ name: DEFAULT_ACCOUNT, ...config.zoom }];
}
