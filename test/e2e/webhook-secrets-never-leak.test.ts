import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { download } from '../helpers/download-client.js';
import { maskLinks } from '../helpers/passthrough.js';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, downloadTokenJwt, meetingEvent, postEvent, recordingCompleted } from '../helpers/zoom-event.js';

/**
 * Canary test of the webhook relay at log level debug: events signed and refused, delivered and
 * failed, a link followed. No Zoom access token, download token, ZAK, webhook Secret Token or
 * subscriber secret reaches a delivered body or header, a log line, an answer to Zoom or the metrics.
 */

const agent = useAgent();

test('no Zoom credential or webhook secret reaches a subscriber, a log line, an answer or the metrics', async (t) => {
  const a = await subscriberForTest(t);
  const b = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber: a }, { subscriber: b, secret: WEBHOOK_CANARY.otherSubscriberSecret }], { logLevel: 'debug' });
  const downloadToken = downloadTokenJwt(nowSeconds(stack) + 86_400, 'CANARY-download-token-7q');
  const zak = downloadTokenJwt(nowSeconds(stack) + 7200, 'CANARY-zak-5w');
  const files = [DEMO.recordings.aliceScheduled.files.transcript, DEMO.recordings.aliceScheduled.files.mp4];
  const answers: string[] = [];
  const post = async (body: Buffer, options: Parameters<typeof postEvent>[3]): Promise<void> => {
    const res = await postEvent(stack.url, '/webhooks/zoom', body, options);
    answers.push(`${res.status} ${res.text}`);
  };
  const now = nowSeconds(stack);
  const signed = { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: now };

  await post(recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: files, downloadToken }), signed);
  b.answerNext({ status: 500 });
  await post(meetingEvent('meeting.created', { start_url: `${stack.sim.webUrl}/s/${DEMO.meetings.aliceScheduled}?zak=${zak}` }), signed);
  await post(meetingEvent('meeting.created', { start_url: `${stack.sim.webUrl}/s/${DEMO.meetings.aliceScheduled}?zak=${zak}` }), signed);
  await post(Buffer.from(JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: 'plain' } })), signed);
  await post(Buffer.from(JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: WEBHOOK_CANARY.secretToken } })), { timestampSeconds: now });
  await post(recordingCompleted({ webUrl: stack.sim.webUrl, fileIds: files, downloadToken }), { secret: WEBHOOK_CANARY.subscriberSecret, timestampSeconds: now });
  await post(Buffer.from(`{"event":"x","download_token":"${downloadToken}"`), signed);

  // Follow a delivered link: the proxy's access token goes to Zoom, nowhere else.
  const link = maskLinks(a.deliveries[0]?.body ?? Buffer.alloc(0)).links.find((l) => l.includes('/download/')) ?? '';
  assert.equal((await download(link, { agent })).status, 200);
  const accessTokens = new Set<string>();
  for (const r of stack.sim.seen.requests) {
    const auth = r.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) accessTokens.add(auth.slice(7));
  }
  assert.ok(accessTokens.size > 0, 'an access token was used');

  const metrics = await (await fetch(`${stack.url}/metrics`)).text();
  const delivered = [...a.deliveries, ...b.deliveries].map((d) => `${JSON.stringify(d.headers)}\n${d.body.toString('utf8')}`);
  assert.ok(delivered.length >= 3);
  const places: [string, string][] = [
    ['a delivery', delivered.join('\n')],
    ['the log', stack.logs.text()],
    ['an answer to Zoom', answers.join('\n')],
    ['the metrics', metrics],
  ];
  const secrets: [string, string][] = [
    ['the download token', downloadToken],
    ['the ZAK', zak],
    ['the webhook secret token', WEBHOOK_CANARY.secretToken],
    ['a subscriber secret', WEBHOOK_CANARY.subscriberSecret],
    ['a subscriber secret\'s key', WEBHOOK_CANARY.subscriberSecret.slice('whsec_'.length)],
    ['a subscriber secret', WEBHOOK_CANARY.otherSubscriberSecret],
    ['a subscriber secret\'s key', WEBHOOK_CANARY.otherSubscriberSecret.slice('whsec_'.length)],
    ['the OAuth client secret', CANARY.clientSecret],
    ['the link secret', CANARY.linkSecret],
    ...[...accessTokens].map((token): [string, string] => ['a Zoom access token', token]),
  ];
  for (const [where, text] of places) {
    for (const [what, secret] of secrets) assert.ok(!text.includes(secret), `${what} reached ${where}`);
    assert.doesNotMatch(text, /CANARY-(subscriber|other-subscriber|download-token|zak)/, `a canary reached ${where}`);
    // The token's and the ZAK's decoded claims carry the canary: no piece of either, in any encoding.
    assert.ok(!text.includes(Buffer.from('CANARY-download-token').toString('base64url').slice(0, 16)), `a piece of the download token reached ${where}`);
  }
});
