import assert from 'node:assert/strict';
import { test } from 'node:test';
import { direct, maskLinks, viaProxy } from '../helpers/passthrough.js';
import { jwtClaims } from '../../src/zoom/jwt-expiry.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty', listStartUrls: true }, configure: (c) => (c.links.startUrls = 'fresh-zak') });

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

/** The user a start URL's ZAK belongs to (its `uid` claim). */
const zakUserOf = (startUrl: string): unknown => jwtClaims(new URL(startUrl).searchParams.get('zak') ?? '')?.uid;

test("fresh-zak: the ZAK is the meeting's host's, not an alternative host's nor the path's user: a meeting, a PMI, a webinar, and a list fetched for an alternative host", async () => {
  const bob = stack.sim.addUser({ email: 'bob-fresh@example.com' });
  const carol = stack.sim.addUser({ email: 'carol-fresh@example.com' });
  const meeting = stack.sim.addMeeting({ hostId: bob.id, alternativeHosts: [carol.email] });
  const pmi = stack.sim.addMeeting({ hostId: carol.id, type: 4 });
  const webinar = stack.sim.addWebinar({ hostId: bob.id });
  for (const [path, host, id] of [[`/meetings/${meeting.id}`, bob.id, meeting.id], [`/meetings/${pmi.id}`, carol.id, pmi.id], [`/webinars/${webinar.id}`, bob.id, webinar.id]] as const) {
    const startUrl = (await viaProxy(stack, agent, 'GET', path)).json<{ start_url: string }>().start_url;
    assert.equal(zakUserOf(startUrl), host, path);
    assert.equal(stack.sim.checkStartZak(id, new URL(startUrl).searchParams.get('zak') ?? ''), 'host', path);
  }
  const list = (await viaProxy(stack, agent, 'GET', `/users/${carol.id}/meetings`)).json<{ meetings: Array<{ host_id: string; start_url: string }> }>().meetings;
  assert.ok(list.length > 0);
  for (const m of list) assert.equal(zakUserOf(m.start_url), m.host_id);
});
