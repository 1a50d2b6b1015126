import { defaultStartHosts, type BotConfig, type ClientConfig, type Config } from '../config/config.js';
import { DEMO, type ZoomSimulator } from '../../simulator/simulator.js';

/** Demo credentials: printed in the banner on purpose, valid only against the embedded simulator. */
export const DEMO_CLIENT_KEY = 'demo-client-key-not-a-secret-0001';
export const DEMO_BOT_TOKEN = 'demo-bot-token-not-a-secret-0001';

/** The client and the bot the demo (and a configuration printed by `npm run simulator`) knows. */
export const DEMO_CLIENTS: readonly ClientConfig[] = [{ name: 'demo-app', keys: [DEMO_CLIENT_KEY], users: ['*'] }];
export const DEMO_BOTS: readonly BotConfig[] = [{ name: 'demo-bot', token: DEMO_BOT_TOKEN, user: DEMO.users.bot.email }];

/**
 * The `zoom` keys that point the proxy at a running simulator: its credentials, its OAuth, API and web
 * URLs, and its web and file hosts as the download hosts. The one place demo mode and
 * `npm run simulator` take them from.
 */
export function zoomKeysFor(simulator: ZoomSimulator): Pick<Config['zoom'], 'accountId' | 'clientId' | 'clientSecret' | 'oauthUrl' | 'apiUrl' | 'webUrl' | 'downloadHosts' | 'startHosts'> {
  return {
    ...simulator.credentials,
    oauthUrl: simulator.oauthUrl,
    apiUrl: simulator.apiUrl,
    webUrl: simulator.webUrl,
    downloadHosts: [new URL(simulator.webUrl).hostname, new URL(simulator.cdnUrl).hostname],
    startHosts: defaultStartHosts(simulator.webUrl),
  };
}
