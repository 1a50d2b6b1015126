import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { download } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { DEMO_GOV, GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

const agent = useAgent();

test("with several accounts, the outcomes of downloads and of /v2 answers are counted under their account", async (t) => {
  const stack = await twoAccountStackForTest(t);
  const govMeeting = DEMO_GOV.meetings.danaScheduled;
  const govFile = DEMO_GOV.recordings.danaScheduled.files.transcript;
  const listing = await request(stack.url).get(`/v2/meetings/${govMeeting}/recordings`).set('authorization', `Bearer ${GOV_CANARY.clientKey}`).expect(200);
  const link = (listing.body as { recording_files: { id: string; download_url: string }[] }).recording_files.find((f) => f.id === govFile)?.download_url ?? '';
  assert.equal((await download(link, { agent })).status, 200);

  const metrics = (await request(stack.url).get('/metrics').expect(200)).text;
  const series = (name: string): string[] => metrics.split('\n').filter((line) => line.startsWith(`${name}{`));
  assert.ok(
    series('zlp_downloads_total').some((line) => line.includes('outcome="ok"') && line.includes('account="gov"')),
    `the gov download is counted under gov: ${series('zlp_downloads_total').join(' | ')}`,
  );
  assert.ok(
    series('zlp_passthrough_answers_total').some((line) => line.includes('account="gov"')),
    `the gov /v2 answer is counted under gov: ${series('zlp_passthrough_answers_total').join(' | ')}`,
  );
});
