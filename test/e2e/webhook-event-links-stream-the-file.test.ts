import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { DEMO, type SimWebhookDelivery } from '../../simulator/simulator.js';
import { download } from '../helpers/download-client.js';
import { createManualTimers } from '../helpers/manual-timers.js';
import type { Stack, StackOptions } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { webhookStackForTest } from '../helpers/webhook-stack.js';
import { subscriberForTest, type SubscriberDelivery, type WebhookSubscriber } from '../helpers/webhook-subscriber.js';
import { WEBHOOK_CANARY } from '../helpers/zoom-event.js';

/**
 * End to end with the simulator's own sender: Zoom's signed `recording.completed` reaches the
 * proxy's route, the subscriber gets it with the proxy's links, no `download_token`, a valid
 * Standard Webhooks signature; each link streams the file's exact bytes with the event's token,
 * and once the token expired with the account's token, or (when Zoom's webhook URLs take their
 * event's token only) through the recording's current `download_url` from the API.
 */

const agent = useAgent();
const rec = DEMO.recordings.aliceScheduled;
const SMALL_FILES = [rec.files.transcript, rec.files.m4a];
const DAY_MS = 86_400_000;

interface Relayed {
  stack: Stack;
  subscriber: WebhookSubscriber;
  event: SimWebhookDelivery;
  delivered: SubscriberDelivery;
  /** The delivered link of each file, by id. */
  links: Map<string, string>;
}

/** The stack with the simulator's default account sending its events to the proxy's route. */
async function stackWithZoomEvents(t: TestContext, subscriber: WebhookSubscriber, options: StackOptions = {}): Promise<Stack> {
  const stack = await webhookStackForTest(t, [{ subscriber, secret: subscriber.secret }], {
    ...options,
    configure: (config, sim) => {
      // The event's links must outlive its day-long token for the fallback to matter.
      config.links.downloadTtlSeconds = 3 * 86_400;
      options.configure?.(config, sim);
    },
  });
  stack.sim.account().webhooks = { url: `${stack.url}/webhooks/zoom`, secretToken: WEBHOOK_CANARY.secretToken };
  return stack;
}

function linksOf(delivered: SubscriberDelivery): Map<string, string> {
  const object = delivered.json<{ payload: { object: { recording_files: Array<{ id?: string; download_url: string }> } } }>().payload.object;
  return new Map(object.recording_files.filter((f) => f.id !== undefined).map((f) => [f.id as string, f.download_url]));
}

async function relayed(t: TestContext, options: StackOptions = {}): Promise<Relayed> {
  const subscriber = await subscriberForTest(t);
  const stack = await stackWithZoomEvents(t, subscriber, options);
  const event = await stack.sim.sendRecordingCompleted(DEMO.meetings.aliceScheduled);
  assert.equal(event.state, 'delivered', JSON.stringify(event.attempts.map((a) => [a.status, a.responseText])));
  const [delivered] = await subscriber.waitFor(1);
  return { stack, subscriber, event, delivered: delivered!, links: linksOf(delivered!) };
}

/** The Authorization each request to a file's webhook URL carried, in order. */
function bearersAt(stack: Stack, path: string): Array<string | undefined> {
  return stack.sim.seen.requests.filter((r) => r.rawPath === path).map((r) => String(r.headers.authorization ?? '') || undefined);
}

async function assertStreams(r: Relayed, fileId: string): Promise<void> {
  const link = r.links.get(fileId);
  assert.ok(link?.startsWith(`${r.stack.url}/download/`), link);
  const got = await download(link!, { agent });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.sha256, r.stack.sim.fileSha256(fileId), 'the exact bytes');
}

test('the simulator\'s signed recording.completed reaches the subscriber with proxy links and no token; each link streams the file with the event\'s token', async (t) => {
  const r = await relayed(t);
  const { delivered, event, stack } = r;
  assert.ok(delivered.signatureValid, 'Standard Webhooks signature');
  assert.ok(delivered.verified, delivered.verifyError);
  assert.match(String(delivered.headers['webhook-id']), /^msg_/);
  assert.equal(delivered.headers['zlp-event'], 'recording.completed');
  assert.ok(!delivered.text.includes('download_token'));
  assert.ok(!delivered.text.includes(event.downloadToken!));
  assert.ok(!delivered.text.includes('/rec/webhook_download/'), 'no Zoom file URL left');

  for (const id of SMALL_FILES) {
    await assertStreams(r, id);
    assert.deepEqual(bearersAt(stack, `/rec/webhook_download/${id}`), [`Bearer ${event.downloadToken!}`], 'the event\'s token, once');
  }
  // The token went to Zoom's web host only: never to the file host it redirected to.
  for (const seen of stack.sim.seen.requests.filter((q) => q.server === 'cdn')) assert.equal(seen.headers.authorization, undefined);
  assert.ok(!stack.logs.text().includes(event.downloadToken!), 'never logged');
});

test('after the event\'s token expired: the account\'s token opens the same link', async (t) => {
  const r = await relayed(t);
  r.stack.clock.advance(DAY_MS + 60_000);
  const [id] = SMALL_FILES;
  await assertStreams(r, id!);
  const bearers = bearersAt(r.stack, `/rec/webhook_download/${id!}`);
  assert.equal(bearers.length, 1);
  assert.notEqual(bearers[0], `Bearer ${r.event.downloadToken!}`, 'the expired token is not sent');
  assert.equal(r.stack.sim.seen.requests.find((q) => q.rawPath === `/rec/webhook_download/${id!}`)?.account, 'default', 'the account\'s access token');
});

test('after it expired, where Zoom\'s webhook URL takes its event\'s token only: the recording\'s current download_url from the API', async (t) => {
  const r = await relayed(t);
  r.stack.sim.faults.webhookDownloadsNeedEventToken(true);
  r.stack.clock.advance(DAY_MS + 60_000);
  const mints = r.stack.sim.seen.oauthMints;
  for (const id of SMALL_FILES) {
    await assertStreams(r, id);
    assert.equal(r.stack.sim.seen.requests.filter((q) => q.rawPath === `/rec/download/${id}` && q.account === 'default').length, 1, 'the API\'s URL, with the account\'s token');
  }
  // The meeting instance's recordings, its UUID (it holds `//`) encoded twice as Zoom requires.
  const uuidPath = `/v2/meetings/${encodeURIComponent(encodeURIComponent(rec.uuid))}/recordings`;
  assert.equal(r.stack.sim.seen.requests.filter((q) => q.rawPath === uuidPath).length, SMALL_FILES.length);
  assert.ok(r.stack.sim.seen.oauthMints <= mints + 1, 'the webhook URL\'s refusal mints no extra token (one for the expired hour at most)');
  assert.ok(r.stack.logs.lines().some((l) => l.msg === 'download of an event\'s file: the recording\'s current download_url from the API is used'));
});

test('while the event\'s token lasts, a webhook URL that takes only it still streams (no API call)', async (t) => {
  const r = await relayed(t);
  r.stack.sim.faults.webhookDownloadsNeedEventToken(true);
  await assertStreams(r, rec.files.transcript);
  assert.equal(r.stack.sim.seen.requests.filter((q) => q.rawPath.endsWith('/recordings')).length, 0);
});

test('Zoom\'s retry after a failing subscriber delivers with the same webhook-id; a duplicate from another host is delivered once', async (t) => {
  const timers = createManualTimers();
  const subscriber = await subscriberForTest(t);
  const stack = await stackWithZoomEvents(t, subscriber, {
    simulator: { timers },
    // The duplicate's links are on the simulator's other web host.
    configure: (config) => void config.zoom.downloadHosts.push('127.0.0.4'),
  });
  subscriber.answerNext({ status: 500 });
  const event = await stack.sim.sendRecordingCompleted(DEMO.meetings.aliceScheduled);
  assert.equal(event.attempts[0]?.status, 503, 'Zoom is told it was not taken');
  assert.equal(event.state, 'pending');

  // Zoom's first retry, five minutes later (the simulator's timers and the stack's clock moved together).
  stack.clock.advance(5 * 60_000);
  timers.advance(5 * 60_000);
  assert.equal(await event.done, 'delivered');
  const [first, retried] = await subscriber.waitFor(2);
  assert.equal(first?.answer, 500);
  assert.equal(retried?.headers['webhook-id'], first?.headers['webhook-id']);
  assert.ok(retried?.signatureValid);

  // The same event from another Zoom host, its links and token its own: taken, not delivered again.
  const duplicate = await stack.sim.sendDuplicate(event, { otherHost: true });
  assert.equal(duplicate.state, 'delivered');
  assert.notEqual(duplicate.downloadToken, event.downloadToken);
  assert.equal(subscriber.deliveries.length, 2);

  // The delivered link still streams the file.
  const link = linksOf(retried).get(rec.files.transcript)!;
  const got = await download(link, { agent });
  assert.equal(got.sha256, stack.sim.fileSha256(rec.files.transcript));
});
