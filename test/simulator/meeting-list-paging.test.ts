import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ seed: 'empty' });
const host = h.sim.addUser({ email: 'busy@example.com', firstName: 'Busy' });
const ids = new Set<number>();
for (let i = 0; i < 65; i++) ids.add(h.sim.addMeeting({ hostId: host.id, topic: `m${i}` }).id);
h.sim.addWebinar({ hostId: host.id, topic: 'w' });

interface Page { page_size: number; total_records: number; next_page_token: string; meetings: Array<{ id: number; start_url?: string; join_url: string }> }

test('pages of 30 by default, chained with next_page_token, covering every meeting once', async () => {
  const token = await h.accessToken();
  const seen: number[] = [];
  let next = '';
  let pages = 0;
  do {
    const res = await h.get(`${h.sim.apiUrl}/users/${host.id}/meetings${next ? `?next_page_token=${encodeURIComponent(next)}` : ''}`, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    const page = res.json<Page>();
    assert.equal(page.page_size, 30);
    assert.equal(page.total_records, 65);
    seen.push(...page.meetings.map((m) => m.id));
    next = page.next_page_token;
    pages += 1;
  } while (next !== '');
  assert.equal(pages, 3);
  assert.deepEqual(new Set(seen), ids);
  assert.equal(seen.length, 65);
});

test('list entries carry join_url but no start_url, as Zoom\'s', async () => {
  const page = (await h.api(`/users/${host.email}/meetings?page_size=1`)).json<Page>();
  assert.equal(page.meetings.length, 1);
  assert.equal(page.meetings[0]!.start_url, undefined);
  assert.ok(page.meetings[0]!.join_url);
});

test('page_size is capped at 300 and must be a positive integer', async () => {
  const big = (await h.api(`/users/${host.id}/meetings?page_size=1000`)).json<Page>();
  assert.equal(big.page_size, 300);
  assert.equal(big.meetings.length, 65);
  assert.equal(big.next_page_token, '');
  for (const bad of ['0', '-1', 'x']) {
    const res = await h.api(`/users/${host.id}/meetings?page_size=${bad}`);
    assert.equal(res.status, 400);
    assert.equal(res.json().code, 300);
  }
});

test('a next_page_token expires after 15 minutes and is refused by another list', async () => {
  const first = (await h.api(`/users/${host.id}/meetings?page_size=10`)).json<Page>();
  const other = await h.api(`/users/${host.id}/webinars?next_page_token=${encodeURIComponent(first.next_page_token)}`);
  assert.equal(other.status, 400);
  h.now.ms += 15 * 60_000;
  const late = await h.api(`/users/${host.id}/meetings?page_size=10&next_page_token=${encodeURIComponent(first.next_page_token)}`);
  assert.equal(late.status, 400);
  assert.equal(late.json().code, 300);
});

test('webinars are listed and fetched under /webinars, not /meetings', async () => {
  const list = (await h.api(`/users/${host.id}/webinars`)).json<{ webinars: Array<{ id: number; type: number }> }>();
  assert.equal(list.webinars.length, 1);
  const webinar = list.webinars[0]!;
  assert.equal(webinar.type, 5);
  const got = await h.api(`/webinars/${webinar.id}`);
  assert.equal(got.status, 200);
  assert.match(String(got.json().start_url), new RegExp(`/s/${webinar.id}\\?zak=`));
  assert.equal((await h.api(`/meetings/${webinar.id}`)).json().code, 3001);
  assert.equal((await h.api(`/webinars/${[...ids][0]}`)).status, 404);
});

test('an unknown user\'s list is 404 code 1001', async () => {
  const res = await h.api('/users/ghost@example.com/meetings');
  assert.deepEqual([res.status, res.json().code], [404, 1001]);
});
