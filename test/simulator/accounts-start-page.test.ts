import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, DEMO_ACCOUNTS } from '../../simulator/simulator.js';
import { harness } from '../helpers/simulator-harness.js';

const h = await harness({ accounts: [...DEMO_ACCOUNTS, { name: 'partner' }] });
const commercial = h.sim.account('commercial');
const partner = h.sim.account('partner');
const pat = partner.addUser({ email: 'pat@partner.example' });
const patMeeting = partner.addMeeting({ hostId: pat.id });

async function zakOf(account: typeof partner, userId: string): Promise<string> {
  const res = await h.get(`${account.apiUrl}/users/${userId}/token?type=zak`, { authorization: `Bearer ${await h.accessToken(account)}` });
  return res.json<{ token: string }>().token;
}

test('a ZAK starts its own account meetings only', async () => {
  const patZak = await zakOf(partner, pat.id);
  const aliceZak = await zakOf(commercial, DEMO.users.alice.id);
  const verdict = async (meetingId: number, zak: string): Promise<unknown> => (await h.get(`${h.sim.webUrl}/s/${meetingId}?zak=${zak}`)).headers['x-sim-start'];
  assert.equal(await verdict(patMeeting.id, patZak), 'host');
  assert.equal(await verdict(DEMO.meetings.aliceScheduled, aliceZak), 'host');
  assert.equal(await verdict(DEMO.meetings.aliceScheduled, patZak), 'sign_in_required');
  assert.equal(await verdict(patMeeting.id, aliceZak), 'sign_in_required');
  assert.equal(partner.checkStartZak(patMeeting.id, aliceZak), 'sign_in_required');
  assert.equal(partner.checkStartZak(patMeeting.id, patZak), 'host');
});

test('the ZAK carries its account id', async () => {
  const claims = JSON.parse(Buffer.from((await zakOf(partner, pat.id)).split('.')[1]!, 'base64url').toString('utf8')) as { aid: string };
  assert.equal(claims.aid, partner.credentials.accountId);
});
