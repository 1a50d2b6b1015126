import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { eventually } from '../helpers/passthrough.js';
import { BOT_USER, CANARY, stackForTest } from '../helpers/start-stack.js';
import { DEMO, DEMO_GOV, GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

const FALLBACK = 'start_url could not get a fresh ZAK or meeting id; see docs/passthrough.md';

test("with several accounts, the request line names the account that served it (bot tokens, start, /v2, download), and the rewriter's fallback warning names it too", async (t) => {
  const stack = await twoAccountStackForTest(t, { configure: (config) => (config.links.startUrls = 'fresh-zak') });
  const key = (k: string): [string, string] => ['authorization', `Bearer ${k}`];
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`).expect(200);
  await request(stack.url).get(`/obf?token=${GOV_CANARY.botToken}&meeting_id=${DEMO_GOV.meetings.erinScheduled}`).expect(200);
  await request(stack.url).get(`/start/${DEMO.meetings.aliceScheduled}`).set(...key(CANARY.clientKey)).expect(302);
  await request(stack.url).get(`/start/${DEMO_GOV.meetings.erinScheduled}`).set(...key(GOV_CANARY.clientKey)).expect(302);
  await request(stack.url).get('/zak?token=not-a-bot-token-of-anybody').expect(401);
  // Gov's ZAK mints fail from here on: its /v2 answer keeps its start_url as a signed link, with a warning.
  stack.gov.faults.fail({ match: { path: /\/token$/ }, status: 404, code: 1001 });
  const meeting = await request(stack.url).get(`/v2/meetings/${DEMO_GOV.meetings.danaScheduled}`).set(...key(GOV_CANARY.clientKey)).expect(200);
  assert.ok(String((meeting.body as { start_url?: string }).start_url).includes('acct=gov'), 'the fallback: a signed start link of gov');
  const recordings = await request(stack.url).get(`/v2/meetings/${DEMO_GOV.meetings.danaScheduled}/recordings`).set(...key(GOV_CANARY.clientKey)).expect(200);
  const [file] = (recordings.body as { recording_files: Array<{ download_url: string }> }).recording_files;
  const link = new URL(file?.download_url ?? '');
  await request(stack.url).get(link.pathname + link.search).expect(200);

  await eventually(() => stack.logs.lines().filter((l) => l.msg === 'request').length === 9, 'every request logged');
  const requests = stack.logs.lines().filter((l) => l.msg === 'request');
  assert.deepEqual(
    requests.map((l) => [l.route, l.status, l.account]),
    [
      ['zak', 200, 'commercial'],
      ['zak', 200, 'gov'],
      ['obf', 200, 'gov'],
      ['start', 302, 'commercial'],
      ['start', 302, 'gov'],
      ['zak', 401, undefined],
      ['passthrough', 200, 'gov'],
      ['passthrough', 200, 'gov'],
      ['download', 200, 'gov'],
    ],
    'a request refused before its account is known names none',
  );
  const warning = stack.logs.lines().find((l) => l.msg === FALLBACK);
  assert.equal(warning?.account, 'gov');
  assert.equal(warning.reqId, requests[6]?.reqId, 'the warning and the request line name the same request');
});

test('with one account (zoom an object), the request line has no account, as before', async (t) => {
  const stack = await stackForTest(t, { simulator: { seed: 'empty' } });
  stack.sim.addUser({ email: BOT_USER });
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  await eventually(() => stack.logs.lines().some((l) => l.msg === 'request'), 'the request logged');
  const [line] = stack.logs.lines().filter((l) => l.msg === 'request');
  assert.equal(line?.client, 'recall');
  assert.ok(!('account' in line), JSON.stringify(line));
});
