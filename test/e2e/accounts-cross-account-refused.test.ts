import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { download, errorCode } from '../helpers/download-client.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { DEMO, DEMO_GOV, GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

const agent = useAgent();
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** `url` with its `acct` set to `account` (or removed). */
function withAccount(url: string, account: string | undefined): string {
  const moved = new URL(url);
  if (account === undefined) moved.searchParams.delete('acct');
  else moved.searchParams.set('acct', account);
  return moved.toString();
}

test("a client or bot of one account reaches nothing of the other's, by any route, and a link cannot be moved to the other account", async (t) => {
  const stack = await twoAccountStackForTest(t);
  const { sim } = stack;
  const govMeeting = DEMO_GOV.meetings.danaScheduled;
  const govFile = DEMO_GOV.recordings.danaScheduled.files.transcript;

  // The commercial key asks for gov's meeting, user and recordings: Zoom (the commercial account) knows none of them.
  const from = sim.seen.requests.length;
  await request(stack.url).get(`/start/${govMeeting}`).set(bearer(CANARY.clientKey)).expect(404);
  await request(stack.url).get(`/v2/meetings/${govMeeting}`).set(bearer(CANARY.clientKey)).expect(404);
  await request(stack.url).get(`/v2/users/${DEMO_GOV.users.dana.id}`).set(bearer(CANARY.clientKey)).expect(404);
  await request(stack.url).get(`/v2/meetings/${govMeeting}/recordings`).set(bearer(CANARY.clientKey)).expect(404);
  // The commercial bot asks for a gov user's OBF token for a gov meeting: its own user, its own account.
  await request(stack.url).get(`/obf?token=${CANARY.botToken}&meeting_id=${govMeeting}`);
  const dropIn = await download(`${stack.url}/rec/download/${govFile}`, { agent, headers: bearer(CANARY.clientKey) });
  assert.notEqual(dropIn.sha256, stack.gov.fileSha256(govFile), "gov's file never reaches a commercial client");
  assert.ok(
    sim.seen.requests.slice(from).every((r) => r.account !== 'gov'),
    'no call carried the gov credential for a commercial client or bot',
  );
  // And the reverse: the gov key on a commercial meeting.
  await request(stack.url).get(`/start/${DEMO.meetings.aliceScheduled}`).set(bearer(GOV_CANARY.clientKey)).expect(404);

  // A gov start link moved to the commercial account, or stripped of its account, or given an unknown one: refused.
  const json = await request(stack.url).get(`/start/${govMeeting}`).set(bearer(GOV_CANARY.clientKey)).set('accept', 'application/json').expect(200);
  const startLink = (json.body as { start_url: string }).start_url;
  for (const account of ['commercial', undefined, 'partner']) {
    const res = await request(stack.url).get(new URL(withAccount(startLink, account)).pathname + new URL(withAccount(startLink, account)).search).expect(403);
    assert.equal((res.body as { error: { code: string } }).error.code, 'link_invalid');
  }
  const twice = new URL(startLink);
  twice.searchParams.append('acct', 'gov');
  await request(stack.url).get(twice.pathname + twice.search).expect(403);
  // The same for a download link.
  const listing = await request(stack.url).get(`/v2/meetings/${govMeeting}/recordings`).set(bearer(GOV_CANARY.clientKey)).expect(200);
  const downloadLink = (listing.body as { recording_files: { id: string; download_url: string }[] }).recording_files.find((f) => f.id === govFile)?.download_url ?? '';
  for (const account of ['commercial', undefined]) {
    const moved = await download(withAccount(downloadLink, account), { agent });
    assert.equal(moved.status, 403);
    assert.equal(errorCode(moved), 'link_invalid');
  }
  assert.equal((await download(downloadLink, { agent })).status, 200, 'the link as written still works');
});
