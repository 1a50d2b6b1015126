/**
 * `/rec/webhook_download/` takes the event's `download_token` as a Bearer token while it has not
 * expired (the simulator's clock), only for that recording and only on the webhook's URLs; never in
 * `?access_token=` (since Feb 2023). A refusal is Zoom's `200` HTML page. The file comes through the
 * same CDN as `/rec/download/`, Range included; after expiry the API still lists `/rec/download/` URLs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { harness } from '../helpers/simulator-harness.js';
import { startZoomWebhookReceiver } from '../helpers/zoom-webhook-receiver.js';
import type { RawAnswer } from '../helpers/raw-answer.js';

const receiver = await startZoomWebhookReceiver((_req, res) => void res.writeHead(200).end());
const h = await harness({ seed: 'empty', webhooks: { url: receiver.url, secretToken: 'secret-5' } });
const user = h.sim.addUser({ email: 'host@example.com' });
const meeting = h.sim.addMeeting({ hostId: user.id });
const recording = h.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 600_000 }, { fileType: 'M4A', size: 3000, participant: 'Ana' }] });
const [mp4, audio] = recording.files;
const other = h.sim.addMeeting({ hostId: user.id });
h.sim.addRecording({ meetingId: other.id, files: [{ fileType: 'MP4', size: 100 }] });
const otherEvent = await h.sim.sendRecordingCompleted(other.id);
const event = await h.sim.sendRecordingCompleted(meeting.id);
const token = event.downloadToken!;
const webhookUrl = (id: string): string => `${h.sim.webUrl}/rec/webhook_download/${id}`;
await receiver.close();

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function assertRefused(res: RawAnswer): void {
  assert.equal(res.status, 200, 'Zoom says "not authorised" with a 200');
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(res.text, /Only the host can download this recording/);
}

test('the event\'s token as Bearer: 302 to the CDN, the file\'s bytes whole and by Range, participant audio too', async () => {
  const redirect = await h.get(webhookUrl(mp4!.id), { authorization: `Bearer ${token}` });
  assert.equal(redirect.status, 302);
  const location = String(redirect.headers.location);
  assert.equal(new URL(location).origin, h.sim.cdnUrl);
  const whole = await h.get(location);
  assert.equal(sha(whole.body), h.sim.fileSha256(mp4!.id));
  const part = await h.get(location, { range: 'bytes=300000-300999' });
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], 'bytes 300000-300999/600000');
  assert.equal(sha(part.body), h.sim.fileSha256(mp4!.id, { start: 300_000, end: 300_999 }));

  const audioRedirect = await h.get(webhookUrl(audio!.id), { authorization: `Bearer ${token}` });
  assert.equal(sha((await h.get(String(audioRedirect.headers.location))).body), h.sim.fileSha256(audio!.id));
  assert.equal(h.sim.seen.requests.find((r) => r.rawPath === `/rec/webhook_download/${mp4!.id}`)?.account, 'default', 'the token names its account');
});

test('refused with the 200 HTML page: in ?access_token=, another recording\'s token, on /rec/download/, a forged token', async () => {
  assertRefused(await h.get(`${webhookUrl(mp4!.id)}?access_token=${token}`));
  assertRefused(await h.get(webhookUrl(mp4!.id), { authorization: `Bearer ${otherEvent.downloadToken!}` }));
  assertRefused(await h.get(`${h.sim.webUrl}/rec/download/${mp4!.id}`, { authorization: `Bearer ${token}` }));
  const [head, body] = token.split('.');
  assertRefused(await h.get(webhookUrl(mp4!.id), { authorization: `Bearer ${head}.${body}.${Buffer.alloc(32).toString('base64url')}` }));
});

test('expired after a day: the page; the account\'s token still opens the webhook URL, and the API lists /rec/download/ URLs that work', async () => {
  h.now.ms += 86_400_000 - 1000;
  assert.equal((await h.get(webhookUrl(mp4!.id), { authorization: `Bearer ${token}` })).status, 302, 'still good a second before exp');
  h.now.ms += 1000;
  assertRefused(await h.get(webhookUrl(mp4!.id), { authorization: `Bearer ${token}` }));

  const access = await h.accessToken();
  assert.equal((await h.get(webhookUrl(mp4!.id), { authorization: `Bearer ${access}` })).status, 302);
  const uuid = encodeURIComponent(encodeURIComponent(recording.uuid));
  const listed = await h.send('GET', `${h.sim.apiUrl}/meetings/${uuid}/recordings`, { headers: { authorization: `Bearer ${access}` } });
  assert.equal(listed.status, 200);
  const answer = listed.json<{ recording_files: Array<{ download_url: string }>; participant_audio_files: Array<{ download_url: string; file_name: string }> }>();
  const urls = [...answer.recording_files, ...answer.participant_audio_files].map((f) => f.download_url);
  assert.deepEqual(urls, [mp4, audio].map((f) => `${h.sim.webUrl}/rec/download/${f!.id}`));
  assert.equal(answer.participant_audio_files[0]?.file_name, 'Ana');
  const redirect = await h.get(urls[0]!, { authorization: `Bearer ${access}` });
  assert.equal(sha((await h.get(String(redirect.headers.location))).body), h.sim.fileSha256(mp4!.id));
});

test('webhookDownloadsNeedEventToken: the webhook URL refuses the account\'s token, its /rec/download/ URL does not; off again, it takes it', async () => {
  const access = await h.accessToken();
  h.sim.faults.webhookDownloadsNeedEventToken(true);
  try {
    assertRefused(await h.get(webhookUrl(audio!.id), { authorization: `Bearer ${access}` }));
    assert.equal((await h.get(`${h.sim.webUrl}/rec/download/${audio!.id}`, { authorization: `Bearer ${access}` })).status, 302);
  } finally {
    h.sim.faults.webhookDownloadsNeedEventToken(false);
  }
  assert.equal((await h.get(webhookUrl(audio!.id), { authorization: `Bearer ${access}` })).status, 302, 'off again');
});
