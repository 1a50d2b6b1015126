import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { direct, maskLinks, testAgent, viaProxy } from '../helpers/passthrough.js';
import { startStack, type Stack } from '../helpers/start-stack.js';

let stack: Stack;
const agent = testAgent();
before(async () => {
  stack = await startStack({ simulator: { seed: 'empty', listStartUrls: true }, configure: (c) => (c.links.startUrls = 'fresh-zak') });
});
after(async () => {
  await agent.close();
  await stack.close();
});

test("fresh-zak: Zoom's start URL with a fresh ZAK of the host, even when the one Zoom stored was invalidated", async () => {
  const host = stack.sim.addUser({ email: 'fresh@example.com' });
  const meeting = stack.sim.addMeeting({ hostId: host.id, startUrlZak: 'invalidated' });
  const proxied = await viaProxy(stack, agent, 'GET', `/meetings/${meeting.id}`);
  const zoom = await direct(stack, agent, 'GET', `/meetings/${meeting.id}`);
  const mine = maskLinks(proxied.body);
  assert.equal(mine.masked, maskLinks(zoom.body).masked);
  const url = new URL(mine.links[0] ?? '');
  assert.equal(`${url.origin}${url.pathname}`, `${stack.sim.webUrl}/s/${meeting.id}`);
  assert.equal(stack.sim.checkStartZak(meeting.id, url.searchParams.get('zak') ?? ''), 'host');
});

test('fresh-zak: a 300-meeting list of one host costs one ZAK mint, and the next list none', async () => {
  const host = stack.sim.addUser({ email: 'busy-host@example.com' });
  for (let i = 0; i < 300; i++) stack.sim.addMeeting({ hostId: host.id, startUrlZak: i % 2 === 0 ? 'expired' : 'fresh' });
  for (const expectedMints of [1, 1]) {
    const res = await viaProxy(stack, agent, 'GET', `/users/${host.id}/meetings?page_size=300`);
    const meetings = res.json<{ meetings: Array<{ id: number; start_url: string }> }>().meetings;
    assert.equal(meetings.length, 300);
    const zaks = new Set(meetings.map((m) => new URL(m.start_url).searchParams.get('zak')));
    assert.equal(zaks.size, 1, 'one ZAK for the host');
    assert.equal(stack.sim.checkStartZak(meetings[0]?.id ?? 0, [...zaks][0] ?? ''), 'host');
    assert.equal(stack.sim.seen.zakMints(host.id), expectedMints);
  }
});
