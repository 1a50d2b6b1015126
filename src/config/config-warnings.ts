import { isIpLiteral, isLoopbackHost } from './address-kinds.js';
import type { Config } from './config.js';

/** A choice the configuration may make but that is usually a mistake: logged at start, never fatal. */
export interface ConfigWarning {
  /** Where: `zoom.oauthUrl`, `zoom.downloadHosts[1]`. */
  keyPath: string;
  /** What is unsafe about it and what to do, one sentence that never quotes a value. */
  problem: string;
}

/** What travels in clear over each base URL when it is `http://`. */
const CARRIED = {
  oauthUrl: 'the OAuth client secret crosses',
  apiUrl: 'Zoom access tokens cross',
  webUrl: 'Zoom access tokens (drop-in downloads) cross',
} as const;

/**
 * The warnings a valid configuration deserves (pure: main logs them). `http://` to Zoom sends
 * credentials in clear unless the host is this machine (a Zoom simulator); a download host that is an
 * IP address or `localhost` lets a redirect reach this machine or its network, which only a local
 * simulator needs.
 */
export function configWarnings(config: Config): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  // Each account's keys, under the path it is written at: `zoom.x` for one object, `zoom[i].x` in a list.
  const accounts = config.accounts === undefined ? [{ at: 'zoom', zoom: config.zoom }] : config.accounts.map((zoom, i) => ({ at: `zoom[${i}]`, zoom }));
  for (const { at, zoom } of accounts) {
    for (const key of ['oauthUrl', 'apiUrl', 'webUrl'] as const) {
      const url = new URL(zoom[key]);
      if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        warnings.push({ keyPath: `${at}.${key}`, problem: `is http://, so ${CARRIED[key]} the network in clear text: use https://` });
      }
    }
    for (const [i, host] of zoom.downloadHosts.entries()) {
      if (isIpLiteral(host) || host === 'localhost' || host.endsWith('.localhost')) {
        warnings.push({
          keyPath: `${at}.downloadHosts[${i}]`,
          problem: 'is an IP address or localhost: downloads and their redirects may reach this machine or its network; list one only for a local Zoom simulator',
        });
      }
    }
  }
  return warnings;
}
