import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: [{ name: 'commercial' }, { name: 'partner' }] });
const partner = h.sim.account('partner');
const pat = partner.addUser({ email: 'pat@partner.example' });
const meeting = partner.addMeeting({ hostId: pat.id });
partner.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4' }] });
const bearer = async (account = h.sim.account()): Promise<Record<string, string>> => ({ authorization: `Bearer ${await h.accessToken(account)}` });

test('the user list holds the token account users only, with that account id', async () => {
  const commercialUsers = (await h.get(`${h.sim.apiUrl}/users`, await bearer())).json<{ users: Array<{ id: string; account_id: string }> }>().users;
  assert.deepEqual(commercialUsers.map((u) => u.id).sort(), Object.values(DEMO.users).map((u) => u.id).sort());
  assert.ok(commercialUsers.every((u) => u.account_id === h.sim.credentials.accountId));
  const partnerUsers = (await h.get(`${partner.apiUrl}/users`, await bearer(partner))).json<{ users: Array<{ id: string; account_id: string }> }>().users;
  assert.deepEqual(partnerUsers.map((u) => [u.id, u.account_id]), [[pat.id, partner.credentials.accountId]]);
});

test('meeting and recording lists of me are the token account ones', async () => {
  const meetings = (await h.get(`${partner.apiUrl}/users/me/meetings`, await bearer(partner))).json<{ meetings: Array<{ id: number }> }>().meetings;
  assert.deepEqual(meetings.map((m) => m.id), [meeting.id]);
  const recordings = await h.get(`${partner.apiUrl}/users/me/recordings`, await bearer(partner));
  assert.deepEqual(recordings.json<{ meetings: Array<{ id: number; account_id: string }> }>().meetings.map((m) => [m.id, m.account_id]), [
    [meeting.id, partner.credentials.accountId],
  ]);
});

test('a page token of one account list is refused by the other account', async () => {
  const first = await h.get(`${h.sim.apiUrl}/users?page_size=1`, await bearer());
  const next = first.json<{ next_page_token: string }>().next_page_token;
  assert.notEqual(next, '');
  const other = await h.get(`${partner.apiUrl}/users?page_size=1&next_page_token=${next}`, await bearer(partner));
  assert.equal(other.status, 400);
  assert.equal(other.json().code, 300);
});
