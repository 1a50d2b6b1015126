/**
 * Zoom sometimes sends the same event twice: the very same bytes, or (from another data centre)
 * with only the `download_url`s' host and the `download_token` differing. Each duplicate is a
 * delivery of its own; the other host serves the same files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { harness, T0 } from '../helpers/simulator-harness.js';
import { startZoomWebhookReceiver } from '../helpers/zoom-webhook-receiver.js';

type Event = { download_token: string; payload: { object: { recording_files: Array<{ download_url: string }> } } };

test('a duplicate: the same bytes again, a new delivery with its own tracking id', async (t) => {
  const receiver = await startZoomWebhookReceiver((_req, res) => void res.writeHead(200).end());
  t.after(() => receiver.close());
  const h = await harness({ webhooks: { url: receiver.url, secretToken: 'secret-3' } }, (fn) => t.after(fn));
  const first = await h.sim.sendRecordingCompleted('Qm9i//Vm1kN3bWQ0cE9xRw==');
  h.now.ms += 3_600_000; // an hour late
  const again = await h.sim.sendDuplicate(first);
  assert.ok(again.body.equals(first.body));
  assert.equal(again.duplicateOf, first);
  assert.equal(again.downloadToken, first.downloadToken);
  assert.equal(receiver.received.length, 2);
  assert.notEqual(receiver.received[0]?.headers['x-zm-trackingid'], receiver.received[1]?.headers['x-zm-trackingid']);
  assert.equal(receiver.received[1]?.headers['x-zm-request-timestamp'], String(Math.floor(T0 / 1000) + 3600), 'signed when sent');
  assert.deepEqual(h.sim.seen.webhooks, [first, again]);
});

test('a duplicate from another host: only the download_urls\' host and the download_token differ; both download the same bytes', async (t) => {
  const receiver = await startZoomWebhookReceiver((_req, res) => void res.writeHead(200).end());
  t.after(() => receiver.close());
  const h = await harness({ seed: 'empty', webhooks: { url: receiver.url, secretToken: 'secret-3' } }, (fn) => t.after(fn));
  const user = h.sim.addUser({ email: 'host@example.com' });
  const meeting = h.sim.addMeeting({ hostId: user.id, topic: 'Équipe' });
  const [file] = h.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 4096 }] }).files;
  const first = await h.sim.sendRecordingCompleted(meeting.id);
  const other = await h.sim.sendDuplicate(first, { otherHost: true });

  const a = first.json() as unknown as Event;
  const b = other.json() as unknown as Event;
  assert.notEqual(a.download_token, b.download_token);
  assert.equal(b.download_token, other.downloadToken);
  const urlA = new URL(a.payload.object.recording_files[0]!.download_url);
  const urlB = new URL(b.payload.object.recording_files[0]!.download_url);
  assert.equal(urlA.origin, h.sim.webUrl);
  assert.equal(urlB.hostname, '127.0.0.4');
  assert.equal(urlB.pathname, urlA.pathname);
  const same = (e: Event, url: string, token: string): string => JSON.stringify(e).replaceAll(url, 'URL').replace(token, 'TOKEN');
  assert.equal(same(a, urlA.href, a.download_token), same(b, urlB.href, b.download_token), 'nothing else differs');

  for (const [url, token] of [[urlA.href, a.download_token], [urlB.href, b.download_token]] as const) {
    const redirect = await h.get(url, { authorization: `Bearer ${token}` });
    assert.equal(redirect.status, 302, url);
    const bytes = await h.get(String(redirect.headers.location));
    assert.equal(createHash('sha256').update(bytes.body).digest('hex'), h.sim.fileSha256(file!.id));
  }
});
