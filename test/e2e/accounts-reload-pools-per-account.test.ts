import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import type { BotConfig, ClientConfig, Config, ZoomAccount } from '../../src/config/config.js';
import { reloadStack } from '../helpers/reload-stack.js';
import { CANARY } from '../helpers/start-stack.js';
import { GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

/** The configuration file a reload reads: `zoom` written as the list of accounts. */
function fileOf(config: Config, accounts: ZoomAccount[], clients: ClientConfig[], bots: BotConfig[]): string {
  const { accounts: _resolved, ...rest } = config;
  return JSON.stringify({ ...rest, zoom: accounts, clients, bots });
}

test("an account added by a reload gets pools of its own, sized by its connections; an existing account's size needs a restart", async (t) => {
  let full: { accounts: ZoomAccount[]; clients: ClientConfig[]; bots: BotConfig[] } | undefined;
  const stack = await twoAccountStackForTest(t, {
    configure: (config) => {
      const accounts = (config.accounts ?? []).map((account) => ({ ...account, connections: account.name === 'gov' ? 3 : 4 }));
      full = { accounts, clients: [...config.clients], bots: [...config.bots] };
      // The proxy starts with commercial alone.
      config.accounts = accounts.filter((account) => account.name === 'commercial');
      config.zoom = config.accounts[0] as ZoomAccount;
      config.clients = config.clients.filter((client) => client.account === 'commercial');
      config.bots = config.bots.filter((bot) => bot.account === 'commercial');
    },
  });
  assert.ok(full);
  await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`).expect(401);
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);

  assert.equal(reloadStack(stack, fileOf(stack.config, full.accounts, full.clients, full.bots)), true);
  const reloaded = stack.logs.lines().filter((l) => l.msg === 'configuration reloaded: new requests use it').at(-1);
  assert.deepEqual([reloaded?.zoomCachesKept, reloaded?.zoomCachesReset], [false, ['gov']], 'the log names the account that starts empty');
  const { services } = stack.proxy;
  const [commercial, gov] = [services.sideOf('commercial').pools, services.sideOf('gov').pools];
  assert.notEqual(gov.own, commercial.own);
  assert.notEqual(gov.api, commercial.api);
  assert.notEqual(gov.downloads, commercial.downloads);
  assert.deepEqual([commercial.connections, gov.connections], [4, 3]);
  await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`).expect(200);
  assert.equal(stack.gov.seen.oauthMints, 1, "gov's calls carry gov's own token");

  const resized = full.accounts.map((account) => ({ ...account, connections: account.connections + 10 }));
  assert.equal(reloadStack(stack, fileOf(stack.config, resized, full.clients, full.bots)), true);
  const warned = stack.logs.lines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('configuration reloaded, except')).at(-1);
  assert.deepEqual(warned?.restartNeeded, ['zoom[0].connections', 'zoom[1].connections']);
  assert.deepEqual(warned?.zoomCachesReset, [], 'a size change alone keeps every account\'s token and caches');
  assert.equal(stack.proxy.services.sideOf('gov').pools, gov, 'the same pools, as started');
  assert.deepEqual(stack.proxy.services.config.accounts?.map((account) => account.connections), [4, 3], 'the configuration in force says the sizes in use');
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`).expect(200);
});
