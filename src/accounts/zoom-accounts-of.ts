import type { Config, ZoomConfig } from '../config/config.js';

/**
 * The name of the one account of a configuration whose `zoom` is one object (docs/accounts.md): it
 * names that account in the services and, later, in metrics and links.
 */
export const DEFAULT_ACCOUNT = 'default';

/** One Zoom account as the services are built from it: its settings and the name it is known by. */
export interface ZoomAccount extends ZoomConfig {
  name: string;
}

/**
 * The Zoom accounts of a configuration, in the order written. Read from `config.zoom` each time the
 * services are built, so a configuration changed in place (a test's, a reload's) is what counts.
 */
export function zoomAccountsOf(config: Pick<Config, 'zoom'>): ZoomAccount[] {
  return [{ name: DEFAULT_ACCOUNT, ...config.zoom }];
}
