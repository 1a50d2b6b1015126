import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { createDownloadTokens } from '../../src/webhooks/download-tokens.js';
import { download } from '../helpers/download-client.js';
import { maskLinks } from '../helpers/passthrough.js';
import { subscriberForTest } from '../helpers/webhook-subscriber.js';
import { useAgent } from '../helpers/test-agent.js';
import { nowSeconds, webhookStackForTest } from '../helpers/webhook-stack.js';
import { WEBHOOK_CANARY, downloadTokenJwt, meetingEvent, postEvent, recordingCompletedParts } from '../helpers/zoom-event.js';

/**
 * What a subscriber gets of Zoom's event is Zoom's bytes with only the links replaced and the
 * download token cut out: every `download_url` a signed download link of the proxy that streams the
 * file, every `start_url` a signed start link; the token is kept by the proxy for the event's files.
 */

const agent = useAgent();
const files = DEMO.recordings.aliceScheduled.files;

test('recording.completed: links replaced, download_token removed, every other byte as Zoom sent it', async (t) => {
  const subscriber = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber }]);
  const token = downloadTokenJwt(nowSeconds(stack) + 86_400);
  const { body, withoutToken } = recordingCompletedParts({ webUrl: stack.sim.webUrl, fileIds: [files.transcript, files.mp4], downloadToken: token });

  const res = await postEvent(stack.url, '/webhooks/zoom', body, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  assert.equal(res.status, 200, res.text);
  assert.equal(subscriber.deliveries.length, 1);
  const delivered = (subscriber.deliveries[0]?.body ?? Buffer.alloc(0));

  // Byte for byte, once the links on both sides are masked: the topic's non-ASCII text and escapes, the layout, the order.
  const sent = maskLinks(withoutToken);
  const got = maskLinks(delivered);
  assert.equal(got.masked, sent.masked);
  assert.ok(!delivered.toString('utf8').includes('download_token'));
  assert.ok(!delivered.toString('utf8').includes(token));

  // Each link is the proxy's, names Zoom's URL it replaced, and streams the file.
  const zoomUrls = sent.links.filter((url) => url.includes('/rec/webhook_download/'));
  const links = got.links.filter((url) => url.includes('/download/'));
  assert.equal(links.length, 2);
  for (const [i, link] of links.entries()) {
    assert.ok(link.startsWith(`${stack.url}/download/`), link);
    assert.equal(Buffer.from(new URL(link).pathname.slice('/download/'.length), 'base64url').toString('utf8'), zoomUrls[i]);
  }
  const transcript = await download(links[0] as string, { agent });
  assert.equal(transcript.status, 200);
  assert.equal(transcript.length, DEMO.recordings.aliceScheduled.sizes.transcript);

  // The token is kept for the event's files, under their Zoom path, as a secret of the account.
  const tokens = createDownloadTokens(stack.proxy.services.store, stack.clock.now);
  assert.equal(await tokens.tokenFor('default', zoomUrls[0] as string), token);
  assert.equal(await tokens.tokenFor('default', zoomUrls[1] as string), token);
});

test('a start_url in an event becomes a signed start link, as in /v2 answers: its ZAK never reaches the subscriber', async (t) => {
  const subscriber = await subscriberForTest(t);
  const stack = await webhookStackForTest(t, [{ subscriber }]);
  const zak = downloadTokenJwt(nowSeconds(stack) + 7200, 'CANARY-zak-in-start-url');
  const meeting = DEMO.meetings.aliceScheduled;
  const body = meetingEvent('meeting.created', { topic: 'Café', start_url: `${stack.sim.webUrl}/s/${meeting}?zak=${zak}`, join_url: `${stack.sim.webUrl}/j/${meeting}` });
  const res = await postEvent(stack.url, '/webhooks/zoom', body, { secret: WEBHOOK_CANARY.secretToken, timestampSeconds: nowSeconds(stack) });
  assert.equal(res.status, 200, res.text);
  const delivered = subscriber.deliveries[0]?.body ?? Buffer.alloc(0);
  const got = maskLinks(delivered);
  assert.equal(got.masked, maskLinks(body).masked);
  assert.match(got.links[0] ?? '', new RegExp(`^${stack.url}/start/${meeting}\\?exp=\\d+&sig=`));
  assert.ok(!delivered.toString('utf8').includes(zak));
  assert.ok(delivered.toString('utf8').includes(`"join_url":"${stack.sim.webUrl}/j/${meeting}"`), 'other URLs stay');
});
