import assert from 'node:assert/strict';
import { test } from 'node:test';
import { direct, maskLinks, viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } });

test("a meeting's start_url becomes a signed /start link on publicUrl; every other byte is Zoom's", async () => {
  const host = stack.sim.addUser({ email: 'single@example.com' });
  const meeting = stack.sim.addMeeting({ hostId: host.id, topic: 'Ünïcode "and" \\ escapes', startUrlZak: 'invalidated' });
  const proxied = await viaProxy(stack, agent, 'GET', `/meetings/${meeting.id}`);
  const zoom = await direct(stack, agent, 'GET', `/meetings/${meeting.id}`);
  assert.equal(proxied.status, 200);

  const mine = maskLinks(proxied.body);
  const theirs = maskLinks(zoom.body);
  assert.equal(mine.masked, theirs.masked, 'identical outside the start_url');
  assert.equal(Number(proxied.headers['content-length']), proxied.body.length);
  assert.equal(proxied.headers['content-type'], zoom.headers['content-type']);

  const link = mine.links[0] ?? '';
  assert.ok(link?.startsWith(`${stack.proxy.publicUrl}/start/${meeting.id}?exp=`), link);
  assert.ok(!proxied.text.includes('zak='), 'no ZAK reaches the app');

  // Followed, it starts the meeting as its host, although the ZAK Zoom stored was invalidated.
  const follow = await agent.request({ origin: stack.url, path: link.slice(stack.proxy.publicUrl.length), method: 'GET' });
  await follow.body.dump();
  assert.equal(follow.statusCode, 302);
  const zak = new URL(String(follow.headers.location)).searchParams.get('zak') ?? '';
  assert.equal(stack.sim.checkStartZak(meeting.id, zak), 'host');
});

test('creating a meeting (201) gets its start_url rewritten too', async () => {
  const host = stack.sim.addUser({ email: 'creator@example.com' });
  const res = await viaProxy(stack, agent, 'POST', `/users/${host.id}/meetings`, { headers: { 'content-type': 'application/json' }, body: '{"topic":"new"}' });
  assert.equal(res.status, 201);
  const body = res.json<{ id: number; start_url: string }>();
  assert.ok(body.start_url.startsWith(`${stack.proxy.publicUrl}/start/${body.id}?`));
});

test('a meeting without a start_url, and an answer with no links at all, come back as Zoom sent them', async () => {
  const host = stack.sim.addUser({ email: 'nolinks@example.com' });
  const meeting = stack.sim.addMeeting({ hostId: host.id, startUrlZak: 'none' });
  const proxied = await viaProxy(stack, agent, 'GET', `/meetings/${meeting.id}`);
  const zoom = await direct(stack, agent, 'GET', `/meetings/${meeting.id}`);
  assert.deepEqual(proxied.body, zoom.body);
  const user = await viaProxy(stack, agent, 'GET', `/users/${host.id}`);
  assert.deepEqual(user.body, (await direct(stack, agent, 'GET', `/users/${host.id}`)).body);
});
