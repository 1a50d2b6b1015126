import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness();
const alice = DEMO.users.alice;
interface List { from: string; to: string; page_size: number; total_records: number; next_page_token: string; meetings: Array<{ uuid: string }> }

test('the defaults (today) find the demo recordings', async () => {
  const res = await h.api(`/users/${alice.id}/recordings`);
  assert.equal(res.status, 200);
  const list = res.json<List>();
  assert.equal(list.from, '2026-03-02');
  assert.equal(list.to, '2026-03-02');
  assert.deepEqual(list.meetings.map((m) => m.uuid).sort(), [DEMO.recordings.aliceScheduled.uuid, DEMO.recordings.aliceRecurring.uuid].sort());
});

test('from/to more than a month apart is a 400 code 300; a month exactly is fine', async () => {
  const bad = await h.api(`/users/${alice.id}/recordings?from=2026-01-01&to=2026-02-02`);
  assert.deepEqual([bad.status, bad.json().code], [400, 300]);
  assert.equal((await h.api(`/users/${alice.id}/recordings?from=2026-02-02&to=2026-03-02`)).status, 200);
  assert.equal((await h.api(`/users/${alice.id}/recordings?from=2026-03-05&to=2026-03-01`)).status, 400);
  assert.equal((await h.api(`/users/${alice.id}/recordings?from=yesterday`)).status, 400);
});

test('outside the range nothing is listed; lists are paged', async () => {
  const old = (await h.api(`/users/${alice.id}/recordings?from=2026-01-01&to=2026-01-31`)).json<List>();
  assert.equal(old.total_records, 0);
  const first = (await h.api(`/users/${alice.id}/recordings?page_size=1`)).json<List>();
  assert.equal(first.meetings.length, 1);
  assert.equal(first.total_records, 2);
  const second = (await h.api(`/users/${alice.id}/recordings?page_size=1&next_page_token=${encodeURIComponent(first.next_page_token)}`)).json<List>();
  assert.equal(second.meetings.length, 1);
  assert.notEqual(second.meetings[0]!.uuid, first.meetings[0]!.uuid);
  assert.equal(second.next_page_token, '');
});

test('other users\' recordings are not listed', async () => {
  const list = (await h.api(`/users/${DEMO.users.bob.id}/recordings`)).json<List>();
  assert.equal(list.total_records, 0);
});
