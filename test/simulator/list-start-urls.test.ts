import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../helpers/simulator-harness.js';

interface List { meetings?: Array<{ id: number; start_url?: string }>; webinars?: Array<{ id: number; start_url?: string }> }

test('listStartUrls gives every meeting and webinar list entry a start_url that starts it as host', async (t) => {
  const h = await harness({ seed: 'empty', listStartUrls: true }, (fn) => t.after(fn));
  const host = h.sim.addUser({ email: 'lister@example.com' });
  for (let i = 0; i < 3; i++) h.sim.addMeeting({ hostId: host.id });
  h.sim.addWebinar({ hostId: host.id });
  for (const kind of ['meetings', 'webinars'] as const) {
    const list = (await h.api(`/users/${host.id}/${kind}`)).json<List>()[kind] ?? [];
    assert.ok(list.length > 0);
    for (const entry of list) {
      const url = new URL(entry.start_url ?? '');
      assert.equal(url.pathname, `/s/${entry.id}`);
      assert.equal(h.sim.checkStartZak(entry.id, url.searchParams.get('zak') ?? ''), 'host');
    }
  }
});

test('by default list entries have no start_url, as Zoom lists them', async (t) => {
  const h = await harness({ seed: 'empty' }, (fn) => t.after(fn));
  const host = h.sim.addUser({ email: 'lister@example.com' });
  h.sim.addMeeting({ hostId: host.id });
  const [entry] = (await h.api(`/users/${host.id}/meetings`)).json<List>().meetings ?? [];
  assert.ok(entry);
  assert.equal(entry.start_url, undefined);
});
