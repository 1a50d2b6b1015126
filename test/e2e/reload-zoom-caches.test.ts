import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { defaultStartHosts } from '../../src/config/config.js';
import { DEMO, startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { reloadStack } from '../helpers/reload-stack.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * A reload keeps the Zoom access token and the cached ZAKs when the Zoom side did not change (no
 * needless mint), and drops them when the credentials did: nothing minted for the old app is used.
 */
const OTHER_SECRET = 'CANARY-second-oauth-client-secret-61c0';
const MEETING = DEMO.meetings.aliceScheduled;

let other: ZoomSimulator;
const agent = useAgent();
const stack = useStack({}, async () => {
  other = await startSimulator({ clock: stack.clock.now, credentials: { accountId: 'other-account', clientId: 'other-client-id', clientSecret: OTHER_SECRET } });
});
after(async () => {
  await other.close();
});

/** Starts the meeting with the client key; the redirect's Location. */
async function start(): Promise<URL> {
  const res = await agent.request({ origin: stack.url, path: `/start/${MEETING}`, method: 'GET', headers: { authorization: `Bearer ${CANARY.clientKey}` } });
  await res.body.dump();
  assert.equal(res.statusCode, 302);
  return new URL(res.headers.location as string);
}

test('the same Zoom app: token and ZAK kept across a reload; another app: both minted anew, from it', async () => {
  await start();
  assert.equal(stack.sim.seen.oauthMints, 1);
  assert.equal(stack.sim.seen.zakMints(), 1);

  assert.equal(
    reloadStack(stack, (c) => {
      c.links.startTtlSeconds = 3600;
    }),
    true,
  );
  await start();
  assert.equal(stack.sim.seen.oauthMints, 1, 'no new access token');
  assert.equal(stack.sim.seen.zakMints(), 1, 'the cached ZAK served');
  const kept = stack.logs.lines().filter((l) => l.msg === 'configuration reloaded: new requests use it');
  assert.equal(kept.at(-1)?.zoomCachesKept, true);

  assert.equal(
    reloadStack(stack, (c) => {
      c.zoom = {
        ...other.credentials, oauthUrl: other.oauthUrl, apiUrl: other.apiUrl, webUrl: other.webUrl,
        downloadHosts: [new URL(other.webUrl).hostname, new URL(other.cdnUrl).hostname], startHosts: defaultStartHosts(other.webUrl), connections: c.zoom.connections,
        timeoutSeconds: c.zoom.timeoutSeconds,
      };
    }),
    true,
  );
  const location = await start();
  assert.equal(location.origin, new URL(other.webUrl).origin);
  assert.equal(other.seen.oauthMints, 1, 'a token of the new app');
  assert.equal(other.seen.zakMints(), 1, 'a ZAK minted anew');
  assert.equal(other.checkStartZak(MEETING, location.searchParams.get('zak') ?? ''), 'host');
  assert.equal(stack.sim.seen.oauthMints, 1);
  assert.equal(stack.sim.seen.zakMints(), 1);
  assert.equal(stack.logs.lines().filter((l) => l.msg === 'configuration reloaded: new requests use it').at(-1)?.zoomCachesKept, false);

  const log = stack.logs.text();
  for (const secret of [CANARY.clientSecret, OTHER_SECRET]) assert.ok(!log.includes(secret), 'no OAuth client secret in the log');
});
