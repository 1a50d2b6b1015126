import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { direct, maskLinks, viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack();

/** A signed download link: `{publicUrl}/download/{base64url(zoomUrl)}?exp&sig`, valid for that Zoom URL. */
function zoomUrlOf(link: string): string {
  assert.ok(link.startsWith(`${stack.proxy.publicUrl}/download/`), link);
  const url = new URL(link);
  const zoomUrl = Buffer.from(url.pathname.split('/').at(-1) ?? '', 'base64url').toString('utf8');
  assert.equal(stack.proxy.services.signer.verify('download', zoomUrl, url.searchParams.get('exp') ?? undefined, url.searchParams.get('sig') ?? undefined), 'ok');
  return zoomUrl;
}

async function compare(path: string): Promise<string[]> {
  const proxied = await viaProxy(stack, agent, 'GET', path);
  const zoom = await direct(stack, agent, 'GET', path);
  assert.equal(proxied.status, 200, proxied.text);
  const mine = maskLinks(proxied.body);
  const theirs = maskLinks(zoom.body);
  assert.equal(mine.masked, theirs.masked, 'identical outside the download_urls');
  assert.deepEqual(mine.links.map(zoomUrlOf), theirs.links, 'each link opens the file Zoom named');
  return theirs.links;
}

test('recordings of a meeting, by id and by double-encoded UUID: every download_url becomes a signed download link', async () => {
  const byId = await compare(`/meetings/${DEMO.meetings.aliceScheduled}/recordings`);
  assert.equal(byId.length, 4);
  const uuid = encodeURIComponent(encodeURIComponent(DEMO.recordings.aliceRecurring.uuid));
  assert.equal((await compare(`/meetings/${uuid}/recordings`)).length, 3);
});

test("recordings of a user: every file of every meeting, nested two lists deep", async () => {
  const links = await compare(`/users/${DEMO.users.alice.email}/recordings`);
  assert.equal(links.length, 7);
  assert.ok(links.every((l) => l.startsWith(`${stack.sim.webUrl}/rec/download/`)));
});
