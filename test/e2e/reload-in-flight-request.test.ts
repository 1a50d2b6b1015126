import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkSigner } from '../../src/links/link-signer.js';
import { DEMO } from '../../simulator/simulator.js';
import { viaProxy } from '../helpers/passthrough.js';
import { reloadStack } from '../helpers/reload-stack.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/** A request in flight during a reload finishes on the configuration it started with; the next one gets the new. */
const NEW_SECRET = 'CANARY-link-secret-in-flight-reload-5a4b3c2d1e';
const NEW_KEY = 'CANARY-client-key-in-flight-next-77';
const MEETING = DEMO.meetings.aliceScheduled;

const agent = useAgent();
const stack = useStack();

function sigOk(link: string, secret: string): boolean {
  const url = new URL(link);
  return createLinkSigner(secret, stack.clock.now).verify('start', String(MEETING), url.searchParams.get('exp') ?? undefined, url.searchParams.get('sig') ?? undefined) === 'ok';
}

test('a passthrough request Zoom is slow to answer keeps its key and link secret through a reload', async () => {
  stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 600 });
  const inFlight = viaProxy(stack, agent, 'GET', `/meetings/${MEETING}`);
  for (let waited = 0; !stack.sim.seen.requests.some((r) => r.kind === 'api'); waited += 10) {
    assert.ok(waited < 3000, 'the request reached Zoom');
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(
    reloadStack(stack, (c) => {
      c.links.secret = NEW_SECRET;
      const client = c.clients.find((x) => x.name === 'all-users-app');
      assert.ok(client);
      client.keys = [NEW_KEY];
    }),
    true,
  );
  stack.sim.faults.clear();

  const answer = await inFlight;
  assert.equal(answer.status, 200, answer.text);
  const link = answer.json<{ start_url: string }>().start_url;
  assert.ok(sigOk(link, CANARY.linkSecret), 'rewritten with the secret of the configuration it started on');

  assert.equal((await viaProxy(stack, agent, 'GET', `/meetings/${MEETING}`)).status, 401, 'the next request with the removed key');
  const next = await viaProxy(stack, agent, 'GET', `/meetings/${MEETING}`, { key: NEW_KEY });
  assert.equal(next.status, 200);
  assert.ok(sigOk(next.json<{ start_url: string }>().start_url, NEW_SECRET));
});
