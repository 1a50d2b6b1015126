import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MeetingsS2SAuthClient } from '@zoom/rivet/meetings';
import { DEMO } from '../../simulator/simulator.js';
import { CANARY } from '../helpers/start-stack.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * The drop-in promise, kept by Zoom's own Node SDK: an app configured with the proxy as its API base
 * URL and a client key as its token works unchanged, and every link it gets back is the proxy's.
 */
let client: MeetingsS2SAuthClient;
const stack = useStack({ simulator: { compressJson: true } }, () => {
  // The SDK would mint a token with these credentials; its token store hands it the client key instead.
  const options = {
    clientId: 'unused-by-the-proxy',
    clientSecret: 'unused-by-the-proxy',
    accountId: 'unused-by-the-proxy',
    disableReceiver: true as const,
    baseUrl: `${stack.proxy.publicUrl}/v2`,
    tokenStore: {
      getLatestToken: () => ({ accessToken: CANARY.clientKey, expirationTimeIso: new Date(Date.now() + 86_400_000).toISOString(), scopes: [] }),
      storeToken: () => undefined,
    },
  };
  client = new MeetingsS2SAuthClient(options);
});

test('@zoom/rivet "get a meeting" through the proxy: the meeting, with a start_url on the proxy', async () => {
  const res = await client.endpoints.meetings.getMeeting({ path: { meetingId: DEMO.meetings.aliceScheduled } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.data?.id, DEMO.meetings.aliceScheduled);
  assert.equal(res.data?.topic, 'Quarterly planning');
  assert.ok(res.data?.start_url?.startsWith(`${stack.proxy.publicUrl}/start/${DEMO.meetings.aliceScheduled}?`), res.data?.start_url);
  assert.match(String(res.trackingId), /^v=2\.0;/);
  const seen = stack.sim.seen.requests.filter((r) => r.kind === 'api').at(-1);
  assert.match(String(seen?.headers['user-agent']), /^rivet\//, "the SDK's own request reached Zoom");
});

test('@zoom/rivet "list recordings" (of a meeting and of a user) through the proxy: every download_url is a signed link', async () => {
  const ofMeeting = await client.endpoints.cloudRecording.getMeetingRecordings({ path: { meetingId: String(DEMO.meetings.aliceScheduled) } });
  assert.equal(ofMeeting.statusCode, 200);
  const files = ofMeeting.data?.recording_files ?? [];
  assert.equal(files.length, 4);
  for (const file of files) assert.ok(file.download_url?.startsWith(`${stack.proxy.publicUrl}/download/`), file.download_url);

  const ofUser = await client.endpoints.cloudRecording.listAllRecordings({ path: { userId: DEMO.users.alice.email } });
  assert.equal(ofUser.statusCode, 200);
  const all = (ofUser.data?.meetings ?? []).flatMap((m) => m.recording_files ?? []);
  assert.equal(all.length, 7);
  assert.ok(all.every((f) => f.download_url?.startsWith(`${stack.proxy.publicUrl}/download/`)));
});

test('@zoom/rivet with a wrong client key gets the proxy\'s 401 as an API error', async () => {
  const wrong = new MeetingsS2SAuthClient({
    clientId: 'x',
    clientSecret: 'x',
    accountId: 'x',
    disableReceiver: true,
    ...{ baseUrl: `${stack.proxy.publicUrl}/v2` },
    tokenStore: { getLatestToken: () => ({ accessToken: 'not-a-client-key', expirationTimeIso: new Date(Date.now() + 86_400_000).toISOString(), scopes: [] }), storeToken: () => undefined },
  });
  await assert.rejects(wrong.endpoints.meetings.getMeeting({ path: { meetingId: DEMO.meetings.aliceScheduled } }), /401/);
});
