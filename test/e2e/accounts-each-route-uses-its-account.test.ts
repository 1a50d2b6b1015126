import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { download } from '../helpers/download-client.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { DEMO, DEMO_GOV, GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

const agent = useAgent();
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

test("two accounts behind one proxy: every route serves each client and bot with its own account's credential and hosts", async (t) => {
  const stack = await twoAccountStackForTest(t);
  const { sim, gov, commercial } = stack;
  /** The accounts whose credential the simulator saw since `from`, by kind of request. */
  const accountsSince = (from: number): string[] => [...new Set(sim.seen.requests.slice(from).map((r) => `${r.kind}:${r.account ?? 'none'}`))].sort();

  // /v2: each key reaches its own account's `me`.
  let from = sim.seen.requests.length;
  const govMe = await request(stack.url).get('/v2/users/me').set(bearer(GOV_CANARY.clientKey)).expect(200);
  assert.equal((govMe.body as { id: string }).id, DEMO_GOV.users.dana.id);
  assert.deepEqual(accountsSince(from), ['api:gov', 'oauth:gov']);
  from = sim.seen.requests.length;
  const commercialMe = await request(stack.url).get('/v2/users/me').set(bearer(CANARY.clientKey)).expect(200);
  assert.equal((commercialMe.body as { id: string }).id, DEMO.users.alice.id);
  assert.deepEqual(accountsSince(from), ['api:commercial', 'oauth:commercial']);

  // /zak and /obf: each bot gets its own account's tokens.
  from = sim.seen.requests.length;
  await request(stack.url).get(`/zak?token=${GOV_CANARY.botToken}`).expect(200);
  await request(stack.url).get(`/obf?token=${GOV_CANARY.botToken}&meeting_id=${DEMO_GOV.meetings.danaScheduled}`).expect(200);
  assert.deepEqual(accountsSince(from), ['api:gov']);
  from = sim.seen.requests.length;
  await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
  assert.deepEqual(accountsSince(from), ['api:commercial']);

  // /start by client key: the link names the account; followed, it starts the gov meeting as its host.
  const meetingId = DEMO_GOV.meetings.danaScheduled;
  const json = await request(stack.url).get(`/start/${meetingId}`).set(bearer(GOV_CANARY.clientKey)).set('accept', 'application/json').expect(200);
  const link = new URL((json.body as { start_url: string }).start_url);
  assert.equal(link.searchParams.get('acct'), 'gov');
  from = sim.seen.requests.length;
  const started = await request(stack.url).get(`${link.pathname}${link.search}`).expect(302);
  const location = new URL(started.headers.location as string);
  assert.equal(location.origin, new URL(gov.webUrl).origin, "to the gov account's web host");
  assert.equal(gov.checkStartZak(meetingId, location.searchParams.get('zak') ?? ''), 'host');
  assert.ok(accountsSince(from).every((seen) => seen === 'api:gov'));
  // The redirect by client key too, on the commercial side.
  const commercialStart = await request(stack.url).get(`/start/${DEMO.meetings.aliceScheduled}`).set(bearer(CANARY.clientKey)).expect(302);
  assert.equal(new URL(commercialStart.headers.location as string).origin, new URL(commercial.webUrl).origin);

  // Recordings: the gov listing's download links name gov; followed, the file comes from gov's hosts.
  const files = DEMO_GOV.recordings.danaScheduled.files;
  const listing = await request(stack.url).get(`/v2/meetings/${meetingId}/recordings`).set(bearer(GOV_CANARY.clientKey)).expect(200);
  const transcript = (listing.body as { recording_files: { id: string; download_url: string }[] }).recording_files.find((f) => f.id === files.transcript);
  assert.ok(transcript !== undefined);
  const downloadLink = new URL(transcript.download_url);
  assert.equal(downloadLink.searchParams.get('acct'), 'gov');
  from = sim.seen.requests.length;
  const viaLink = await download(transcript.download_url, { agent });
  assert.equal(viaLink.status, 200);
  assert.equal(viaLink.sha256, gov.fileSha256(files.transcript));
  assert.deepEqual(accountsSince(from), ['cdn:gov', 'web:gov']);
  // The drop-in download with the gov key: gov's web host, gov's token.
  from = sim.seen.requests.length;
  const dropIn = await download(`${stack.url}/rec/download/${files.transcript}`, { agent, headers: bearer(GOV_CANARY.clientKey) });
  assert.equal(dropIn.status, 200);
  assert.equal(dropIn.sha256, gov.fileSha256(files.transcript));
  assert.deepEqual(accountsSince(from), ['cdn:gov', 'web:gov']);

  // Metrics name the account; /readyz is ready with both.
  const metrics = await request(stack.url).get('/metrics').expect(200);
  assert.match(metrics.text, /zlp_upstream_requests_total\{kind="oauth",status="200",account="gov"\} 1/);
  assert.match(metrics.text, /zlp_upstream_requests_total\{kind="oauth",status="200",account="commercial"\} 1/);
  // The two gov downloads above, and their bytes, counted under gov.
  assert.match(metrics.text, /zlp_downloads_total\{outcome="ok",account="gov"\} 2\n/);
  assert.ok(metrics.text.includes(`zlp_bytes_streamed_total{account="gov"} ${viaLink.length + dropIn.length}\n`));
  assert.doesNotMatch(metrics.text, /zlp_downloads_total\{outcome="ok",account="commercial"\}/);
  await request(stack.url).get('/readyz').expect(200);

  // No secret of either account reached a log line.
  const logs = stack.logs.text();
  for (const secret of [...Object.values(CANARY), ...Object.values(GOV_CANARY)]) assert.ok(!logs.includes(secret), 'a canary secret is in the logs');
});
