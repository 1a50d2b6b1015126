/**
 * The simulator sends `recording.completed` as Zoom does: Zoom's headers, `x-zm-signature` over the
 * raw bytes (checked here by hand), the event's shape with its files on `/rec/webhook_download/` and a
 * `download_token` good for a day; non-ASCII text travels as UTF-8 bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { harness, jwtClaims, T0 } from '../helpers/simulator-harness.js';
import { startZoomWebhookReceiver } from '../helpers/zoom-webhook-receiver.js';

const SECRET = 'zoom-app-secret-token-0001';
const TOPIC = 'Réunion trimestrielle — 計画 🎬';

function zoomSignature(secret: string, timestamp: string, body: Buffer): string {
  return `v0=${createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), body])).digest('hex')}`;
}

test('recording.completed: signed over the raw bytes, Zoom\'s headers and shape, files on /rec/webhook_download/, a day-long download_token', async (t) => {
  const receiver = await startZoomWebhookReceiver((_req, res) => void res.writeHead(200).end());
  t.after(() => receiver.close());
  const h = await harness({ seed: 'empty', webhooks: { url: receiver.url, secretToken: SECRET } }, (fn) => t.after(fn));
  const user = h.sim.addUser({ email: 'zoe@example.com', firstName: 'Zoë' });
  const meeting = h.sim.addMeeting({ hostId: user.id, topic: TOPIC });
  const recording = h.sim.addRecording({
    meetingId: meeting.id,
    files: [{ fileType: 'MP4', size: 1000 }, { fileType: 'CC' }, { fileType: 'M4A', size: 500, participant: 'Zoë Ångström' }],
  });
  const [mp4, cc, audio] = recording.files;

  const delivery = await h.sim.sendRecordingCompleted(meeting.id);
  assert.equal(delivery.state, 'delivered');
  assert.equal(await delivery.done, 'delivered');
  assert.equal(receiver.received.length, 1);
  const got = receiver.received[0]!;
  assert.equal(got.method, 'POST');
  assert.equal(got.path, '/webhooks/zoom');
  assert.deepEqual(got.body, delivery.body, 'the bytes recorded are the bytes sent');
  assert.ok(got.body.includes(Buffer.from(TOPIC, 'utf8')), 'non-ASCII text as raw UTF-8, not \\u escapes');

  const timestamp = String(Math.floor(T0 / 1000));
  assert.equal(got.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(got.headers['user-agent'], 'Zoom Marketplace/1.0a');
  assert.equal(got.headers['x-zm-request-timestamp'], timestamp);
  assert.equal(got.headers['x-zm-signature'], zoomSignature(SECRET, timestamp, got.body));
  assert.match(String(got.headers['x-zm-trackingid']), /^v=2\.0;clid=\w+;rid=WEBHOOK_[0-9a-f]{32}$/);

  const event = delivery.json();
  assert.deepEqual(Object.keys(event), ['event', 'event_ts', 'payload', 'download_token']);
  assert.equal(event.event, 'recording.completed');
  assert.equal(event.event_ts, T0);
  const payload = event.payload as { account_id: string; object: Record<string, unknown> };
  assert.equal(payload.account_id, h.sim.credentials.accountId);
  const object = payload.object;
  assert.equal(object.uuid, recording.uuid);
  assert.equal(object.id, meeting.id);
  assert.equal(object.topic, TOPIC);
  assert.equal(object.host_id, user.id);
  assert.equal(object.host_email, 'zoe@example.com');
  const files = object.recording_files as Array<Record<string, unknown>>;
  assert.deepEqual(files.map((f) => f.download_url), [mp4, cc].map((f) => `${h.sim.webUrl}/rec/webhook_download/${f!.id}`));
  assert.equal(files[0]!.file_size, 1000);
  assert.equal(files[1]!.id, undefined, 'a CC file is listed without id, as in the API');
  const participants = object.participant_audio_files as Array<Record<string, unknown>>;
  assert.deepEqual(participants.map((f) => [f.file_name, f.download_url]), [['Zoë Ångström', `${h.sim.webUrl}/rec/webhook_download/${audio!.id}`]]);

  const claims = jwtClaims(String(event.download_token));
  assert.equal(delivery.downloadToken, event.download_token);
  assert.equal(claims.exp, Math.floor(T0 / 1000) + 86_400);
  assert.equal(claims.mid, recording.uuid);

  const [attempt] = delivery.attempts;
  assert.deepEqual([attempt?.status, attempt?.outcome, attempt?.timestamp, attempt?.trackingId], [200, 'delivered', timestamp, got.headers['x-zm-trackingid']]);
  assert.deepEqual(h.sim.seen.webhooks, [delivery]);
  assert.deepEqual(h.sim.account().seen.webhooks, [delivery]);
});

test('any event: event_ts from the clock, the account\'s account_id first in payload, the body as given', async (t) => {
  const receiver = await startZoomWebhookReceiver((_req, res) => void res.writeHead(204).end());
  t.after(() => receiver.close());
  const h = await harness({ seed: 'empty', accounts: [{ name: 'a' }, { name: 'b', webhooks: { url: receiver.url, secretToken: SECRET } }] }, (fn) => t.after(fn));
  const delivery = await h.sim.account('b').sendWebhook({ event: 'meeting.started', payload: { object: { id: 1, topic: 'ß' } } });
  assert.equal(delivery.state, 'delivered', '204 counts too');
  assert.equal(receiver.received[0]?.body.toString('utf8'),
    `{"event":"meeting.started","event_ts":${T0},"payload":{"account_id":"b-account-0001","object":{"id":1,"topic":"ß"}}}`);
  assert.deepEqual(h.sim.account('b').seen.webhooks, [delivery]);
  assert.deepEqual(h.sim.account('a').seen.webhooks, []);
  await assert.rejects(h.sim.account('a').sendWebhook({ event: 'meeting.started' }), /account a has no webhook endpoint/);
});
