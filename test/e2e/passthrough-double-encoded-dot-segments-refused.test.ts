import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Regression: the dot-segment guard and the scope decoded a path once, so
 * `/v2/users/alice@example.com/%252e%252e/bob@example.com/token` reached Zoom for a client limited to
 * alice: a gateway that decodes twice reads Bob's token path. Now a dot, slash-hidden dot or backslash
 * encoded twice (or more), and a segment that is not valid percent-encoding, are 400 for every
 * client; a limited client's user segment holding an escape after its decode is 403. Double-encoded
 * meeting UUIDs (`%252F`) still pass, for both kinds of client.
 */
const agent = useAgent();
const stack = useStack({ logLevel: 'silent' });

const { alice, bob } = DEMO.users;
const apiCalls = () => stack.sim.seen.requests.filter((r) => r.kind === 'api').length;

test('a dot, backslash or slash-hidden dot encoded twice, or a path that does not decode: 400 for every client, nothing reaches Zoom', async () => {
  const paths = [
    `/users/${alice.email}/%252e%252e/${bob.email}/token`,
    `/users/${alice.email}/%252E%252E/${bob.email}/token?type=zak`,
    '/%252e%252e/oauth/token',
    `/users/${alice.id}/%252e`,
    `/users/${alice.id}/%252e%2e/x`,
    `/users/${alice.id}/..%252f..%252foauth`,
    `/users/${alice.id}/..%252F..%252Foauth`,
    `/users/${alice.id}%255c..%255cx`,
    `/users/${alice.id}/%25252e%25252e/x`,
    `/users/${alice.id}/x%25252f..%25252fy`,
    `/meetings/${encodeURIComponent(encodeURIComponent('/ab//c'))}%252f..%252f..%252fusers/recordings`,
    `/users/${alice.id}/%zz`,
    `/users/%E0%A4/meetings`,
    `/users/${alice.id}%/meetings`,
  ];
  for (const key of [CANARY.clientKey, CANARY.scopedKey]) {
    for (const path of paths) {
      const before = apiCalls();
      const res = await viaProxy(stack, agent, 'GET', path, { key });
      assert.equal(res.status, 400, `${path}: ${res.status} ${res.text.slice(0, 100)}`);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'bad_request', path);
      assert.equal(apiCalls(), before, `${path}: Zoom was asked`);
    }
  }
});

test("a limited client's user segment that still holds an escape after its decode (%252F, %2540): 403 without a look-up", async () => {
  for (const path of [`/users/${alice.email}%252f${bob.email}/token`, `/users/alice%2540example.com`, `/users/${alice.id}%252F/meetings`]) {
    const before = apiCalls();
    const res = await viaProxy(stack, agent, 'GET', path, { key: CANARY.scopedKey });
    assert.equal(res.status, 403, `${path}: ${res.status}`);
    assert.equal(apiCalls(), before, `${path}: nothing reached Zoom`);
  }
});

test('double-encoded meeting UUIDs (%252F) still pass: unrestricted, and for the limited client on its own recording', async () => {
  const uuid = DEMO.recordings.aliceScheduled.uuid;
  const raw = `/meetings/${encodeURIComponent(encodeURIComponent(uuid))}/recordings`;
  assert.match(raw, /%252F/);
  for (const key of [CANARY.clientKey, CANARY.scopedKey]) {
    const res = await viaProxy(stack, agent, 'GET', raw, { key });
    assert.equal(res.status, 200, `${key === CANARY.scopedKey ? 'limited' : 'all-users'}: ${res.text.slice(0, 200)}`);
    assert.equal(res.json<{ uuid: string }>().uuid, uuid);
  }
  // A UUID that starts with "/" and holds "//", encoded twice, and an email with dots: forwarded as they are.
  const odd = `/meetings/${encodeURIComponent(encodeURIComponent('/a//b+c=='))}/recordings`;
  assert.notEqual((await viaProxy(stack, agent, 'GET', odd)).status, 400, odd);
  assert.equal((await viaProxy(stack, agent, 'GET', `/users/${alice.email}`, { key: CANARY.scopedKey })).status, 200);
});
