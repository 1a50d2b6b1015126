import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { reloadStack } from '../helpers/reload-stack.js';
import { CANARY, stackForTest } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

const SECOND = { accountId: 'second-account', clientId: 'second-client-id', clientSecret: 'CANARY-second-app-client-secret-58a1' };

/**
 * The store outlives a reload, but an account whose credential changed starts empty in it: another
 * app on the same Zoom endpoints gets a token of its own, never the one the old app held.
 */
test('a reload to another app on the same Zoom URLs mints a token of that app; the old one is not used again', async (t) => {
  const agent = testAgent();
  t.after(() => agent.close());
  const stack = await stackForTest(t, {
    simulator: {
      accounts: [
        { name: 'first', credentials: { accountId: 'test-account', clientId: 'test-client-id', clientSecret: CANARY.clientSecret }, seed: 'empty' },
        { name: 'second', credentials: SECOND },
      ],
    },
  });
  const [first, second] = [stack.sim.account('first'), stack.sim.account('second')];
  const me = async (): Promise<string> => {
    const res = await viaProxy(stack, agent, 'GET', '/users/me');
    return String(res.status);
  };
  const apiCalls = (account: typeof first): number => account.seen.requests.filter((r) => r.kind !== 'oauth').length;
  const firstAnswer = await me();
  assert.equal(first.seen.oauthMints, 1);
  const firstCalls = apiCalls(first);

  assert.equal(reloadStack(stack, (c) => void Object.assign(c.zoom, SECOND)), true);
  assert.equal(stack.logs.lines().filter((l) => l.msg === 'configuration reloaded: new requests use it').at(-1)?.zoomCachesKept, false);
  assert.equal(await me(), firstAnswer);
  assert.equal(second.seen.oauthMints, 1, 'a token of the new app');
  assert.equal(first.seen.oauthMints, 1);
  assert.equal(apiCalls(second), 1, "the call carried the new app's token");
  assert.equal(apiCalls(first), firstCalls, "no call carried the old app's token");
});
