import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { download } from '../helpers/download-client.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { DEMO, DEMO_GOV, GOV_CANARY, twoAccountStackForTest } from '../helpers/two-account-stack.js';

/**
 * Both accounts' flows at log level debug, cross-account attempts and a refused credential included:
 * neither account's client secret, client key, bot token, access tokens, ZAKs or OBF tokens reaches a
 * log line, the metrics, /readyz or an error body.
 */

const agent = useAgent();
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

test("neither account's secrets or issued tokens reach the logs, the metrics or an error body", async (t) => {
  const stack = await twoAccountStackForTest(t, { logLevel: 'debug' });
  const { sim } = stack;
  const issued = new Set<string>();
  const exposed: string[] = [];
  const accounts = [
    { key: CANARY.clientKey, bot: CANARY.botToken, meeting: DEMO.meetings.aliceScheduled, other: DEMO_GOV.meetings.danaScheduled },
    { key: GOV_CANARY.clientKey, bot: GOV_CANARY.botToken, meeting: DEMO_GOV.meetings.danaScheduled, other: DEMO.meetings.aliceScheduled },
  ];
  for (const { key, bot, meeting, other } of accounts) {
    issued.add((await request(stack.url).get(`/zak?token=${bot}`).expect(200)).text);
    issued.add((await request(stack.url).get(`/obf?token=${bot}&meeting_id=${meeting}`).expect(200)).text);
    const json = await request(stack.url).get(`/start/${meeting}`).set(bearer(key)).set('accept', 'application/json').expect(200);
    const link = new URL((json.body as { start_url: string }).start_url);
    const started = await request(stack.url).get(link.pathname + link.search).expect(302);
    const zak = new URL(started.headers.location as string).searchParams.get('zak');
    if (zak) issued.add(zak);
    const listing = await request(stack.url).get(`/v2/meetings/${meeting}/recordings`).set(bearer(key)).expect(200);
    exposed.push(JSON.stringify(listing.headers));
    for (const file of (listing.body as { recording_files: { download_url: string }[] }).recording_files.slice(0, 1)) {
      const got = await download(file.download_url, { agent });
      assert.equal(got.status, 200);
      exposed.push(JSON.stringify(got.headers));
    }
    // Cross-account attempts: their error bodies and headers.
    for (const res of [
      await request(stack.url).get(`/start/${other}`).set(bearer(key)),
      await request(stack.url).get(`/v2/meetings/${other}`).set(bearer(key)),
      await request(stack.url).get(`${link.pathname}?acct=${link.searchParams.get('acct') === 'gov' ? 'commercial' : 'gov'}&exp=${link.searchParams.get('exp')}&sig=${link.searchParams.get('sig')}`),
    ]) {
      assert.ok(res.status >= 400);
      exposed.push(res.text, JSON.stringify(res.headers));
    }
  }
  // The gov credential refused: the bot's error, /readyz's message.
  stack.gov.faults.rejectCredentials(true);
  stack.gov.faults.invalidateAccessTokens();
  for (const res of [await request(stack.url).get(`/v2/users/me`).set(bearer(GOV_CANARY.clientKey)), await request(stack.url).get('/readyz')]) {
    exposed.push(res.text, JSON.stringify(res.headers));
  }
  exposed.push((await request(stack.url).get('/metrics').expect(200)).text);
  for (const seen of sim.seen.requests) {
    const auth = seen.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) issued.add(auth.slice('Bearer '.length));
  }
  assert.ok(issued.size >= 8, `tokens of both accounts were gathered (${issued.size})`);
  const secrets = [...Object.values(CANARY), ...Object.values(GOV_CANARY), ...issued].filter((s) => s.length >= 12);
  const logs = stack.logs.text();
  for (const secret of secrets) {
    assert.ok(!logs.includes(secret), `a secret reached the logs: ${secret.slice(0, 12)}...`);
    for (const text of exposed) assert.ok(!text.includes(secret), `a secret reached an answer or the metrics: ${secret.slice(0, 12)}...`);
  }
});
