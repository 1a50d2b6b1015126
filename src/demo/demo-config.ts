import { defaultStartHosts, type BotConfig, type ClientConfig, type Config } from '../config/config.js';
import { DEMO, DEMO_GOV } from '../../simulator/simulator.js';
import type { SimulatorAccount } from '../../simulator/account-types.js';

/** Demo credentials: printed in the banner on purpose, valid only against the embedded simulator. */
export const DEMO_CLIENT_KEY = 'demo-client-key-not-a-secret-0001';
export const DEMO_BOT_TOKEN = 'demo-bot-token-not-a-secret-0001';
/** The gov account's client key and bot token in demo mode: as public as the commercial ones. */
export const DEMO_GOV_CLIENT_KEY = 'demo-gov-client-key-not-a-secret-0001';
export const DEMO_GOV_BOT_TOKEN = 'demo-gov-bot-token-not-a-secret-0001';

/** The Secret Tokens of the demo accounts' (simulated) Zoom apps: the simulator signs their events with them. */
export const DEMO_WEBHOOK_SECRET_TOKEN = 'demo-webhook-secret-token-not-a-secret-0001';
export const DEMO_GOV_WEBHOOK_SECRET_TOKEN = 'demo-gov-webhook-secret-token-not-a-secret-0001';
/** The demo subscriber's Standard Webhooks secret (`whsec_` + base64 of 33 bytes). */
export const DEMO_SUBSCRIBER_SECRET = `whsec_${Buffer.from('demo-subscriber-not-a-secret-0001').toString('base64')}`;

/** The client and the bot a single-account configuration (the one `npm run simulator` prints) knows. */
export const DEMO_CLIENTS: readonly ClientConfig[] = [{ name: 'demo-app', keys: [DEMO_CLIENT_KEY], users: ['*'] }];
export const DEMO_BOTS: readonly BotConfig[] = [{ name: 'demo-bot', token: DEMO_BOT_TOKEN, user: DEMO.users.bot.email }];

/** Demo mode's two accounts (docs/accounts.md): a client and a bot of each, named after its account. */
export const DEMO_MODE_CLIENTS: readonly ClientConfig[] = [
  { name: 'demo-app', keys: [DEMO_CLIENT_KEY], users: ['*'], account: 'commercial' },
  { name: 'gov-app', keys: [DEMO_GOV_CLIENT_KEY], users: ['*'], account: 'gov' },
];
export const DEMO_MODE_BOTS: readonly BotConfig[] = [
  { name: 'demo-bot', token: DEMO_BOT_TOKEN, user: DEMO.users.bot.email, account: 'commercial' },
  { name: 'gov-bot', token: DEMO_GOV_BOT_TOKEN, user: DEMO_GOV.users.bot.email, account: 'gov' },
];

/** What `zoomKeysFor` reads: the simulator itself (its first account) or one of its accounts. */
export type SimulatedAccount = Pick<SimulatorAccount, 'credentials' | 'oauthUrl' | 'apiUrl' | 'webUrl' | 'cdnUrl'>;

/**
 * The `zoom` keys that point the proxy at an account of a running simulator: its credentials, its
 * OAuth, API and web URLs, and its web and file hosts as the download hosts. The one place demo mode
 * and `npm run simulator` take them from.
 */
export function zoomKeysFor(account: SimulatedAccount): Pick<Config['zoom'], 'accountId' | 'clientId' | 'clientSecret' | 'oauthUrl' | 'apiUrl' | 'webUrl' | 'downloadHosts' | 'startHosts'> {
  return {
    ...account.credentials,
    oauthUrl: account.oauthUrl,
    apiUrl: account.apiUrl,
    webUrl: account.webUrl,
    downloadHosts: [new URL(account.webUrl).hostname, new URL(account.cdnUrl).hostname],
    startHosts: defaultStartHosts(account.webUrl),
  };
}
