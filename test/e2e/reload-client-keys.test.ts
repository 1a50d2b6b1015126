import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { reloadStack } from '../helpers/reload-stack.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * clients[].keys during a key change: the old and the new key both authenticate the same client;
 * a reload that removes the old one refuses it on the very next request, on a connection kept alive.
 */
const NEW_KEY = 'CANARY-client-key-all-users-next-3e9d';

const agent = useAgent();
const stack = useStack({
  configure: (config) => {
    const client = config.clients.find((c) => c.name === 'all-users-app');
    assert.ok(client);
    client.keys = [CANARY.clientKey, NEW_KEY];
  },
});

/** The status of `GET /v2/users/me` with `key`. */
async function asKey(key: string): Promise<number> {
  return (await viaProxy(stack, agent, 'GET', '/users/me', { key })).status;
}

test('both keys of a client authenticate it; removing one by reload makes it 401 at once', async () => {
  assert.equal(await asKey(CANARY.clientKey), 200);
  assert.equal(await asKey(NEW_KEY), 200);
  const clientsLogged = stack.logs.lines().filter((l) => l.route === 'passthrough').map((l) => l.client);
  assert.deepEqual(clientsLogged.slice(-2), ['all-users-app', 'all-users-app'], 'both keys are the same client');

  assert.equal(
    reloadStack(stack, (c) => {
      const client = c.clients.find((x) => x.name === 'all-users-app');
      assert.ok(client);
      client.keys = [NEW_KEY];
    }),
    true,
  );
  assert.equal(await asKey(CANARY.clientKey), 401, 'the removed key, on the kept-alive connection');
  assert.equal(await asKey(NEW_KEY), 200);

  const log = stack.logs.text();
  for (const key of [CANARY.clientKey, NEW_KEY]) assert.ok(!log.includes(key), 'no client key in the log');
});
