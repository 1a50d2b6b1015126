/**
 * Test helpers (not a test): the proxy in front of a simulator holding two accounts, "commercial"
 * (the demo data, on the shared servers) and "gov" (Zoom for Government's demo data, on servers of
 * its own), configured as a list of accounts with a client key and a bot token for each.
 */
import type { TestContext } from 'node:test';
import type { Config, ZoomAccount } from '../../src/config/config.js';
import { zoomKeysFor } from '../../src/demo/demo-config.js';
import { DEMO, DEMO_GOV, type ZoomSimulator } from '../../simulator/simulator.js';
import type { SimulatorAccount } from '../../simulator/account-types.js';
import { CANARY, stackForTest, type Stack, type StackOptions } from './start-stack.js';

/** The gov account's secrets: canaries as well, so a test can search every output for them. */
export const GOV_CANARY = {
  clientSecret: 'CANARY-gov-oauth-client-secret-2d8e',
  clientKey: 'CANARY-client-key-gov-all-users-6b1c',
  botToken: 'CANARY-bot-token-gov-recall-9f4d',
} as const;

export interface TwoAccountStack extends Stack {
  commercial: SimulatorAccount;
  gov: SimulatorAccount;
}

function accountOf(sim: ZoomSimulator, name: string, base: Config['zoom']): ZoomAccount {
  const account = sim.account(name);
  return { ...base, name, ...zoomKeysFor(account) };
}

/** The two-account stack for one test, closed when the test ends; `configure` runs after the accounts are set. */
export async function twoAccountStackForTest(t: TestContext, options: StackOptions = {}): Promise<TwoAccountStack> {
  const stack = await stackForTest(t, twoAccountOptions(options));
  return { ...stack, commercial: stack.sim.account('commercial'), gov: stack.sim.account('gov') };
}

/** The stack options of the two accounts (for replicas of the two-account proxy); `configure` runs after the accounts are set. */
export function twoAccountOptions(options: StackOptions = {}): StackOptions {
  return {
    ...options,
    simulator: {
      accounts: [
        { name: 'commercial', credentials: { accountId: 'test-account', clientId: 'test-client-id', clientSecret: CANARY.clientSecret }, seed: 'demo' },
        { name: 'gov', credentials: { accountId: 'gov-account', clientId: 'gov-client-id', clientSecret: GOV_CANARY.clientSecret }, seed: 'demo-gov', ownServers: true },
      ],
      ...options.simulator,
    },
    configure: (config, sim) => {
      config.accounts = [accountOf(sim, 'commercial', config.zoom), accountOf(sim, 'gov', config.zoom)];
      for (const client of config.clients) client.account = 'commercial';
      config.clients.push({ name: 'gov-app', keys: [GOV_CANARY.clientKey], users: ['*'], account: 'gov' });
      for (const bot of config.bots) bot.account = 'commercial';
      config.bots.push({ name: 'gov-recall', token: GOV_CANARY.botToken, user: DEMO_GOV.users.bot.email, account: 'gov' });
      options.configure?.(config, sim);
    },
  };
}

export { DEMO, DEMO_GOV };
