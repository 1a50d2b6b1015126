import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserRef } from '../../../src/auth/client-scope.js';
import { createRecordingOwners, isRecordingsPath, type RecordingOwners, type RecordingOwnersOptions } from '../../../src/downloads/recording-owners.js';
import { extractJsonFields } from '../../../src/links/extract-json-fields.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { createManualClock } from '../../helpers/manual-clock.js';

const WEB = 'https://zoom.us';
const ACCOUNT = 'default/test';

function owners(options: Partial<RecordingOwnersOptions> = {}) {
  const clock = createManualClock(1_700_000_000_000);
  const store = createMemoryStore(clock.now);
  const o = createRecordingOwners({ maxEntries: 100, ttlSeconds: 3600, store, account: ACCOUNT, webUrl: WEB, ...options });
  // The same options name the same cache: what the owners keep, as the store holds it.
  const stored = store.cache<UserRef>({ account: ACCOUNT, kind: 'owner', secret: false, maxEntries: 100 });
  return { clock, store, stored, owners: o };
}

const file = (id: string, host = 'us06web.zoom.us') => ({ id, file_type: 'MP4', download_url: `https://${host}/rec/download/${id}` });
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** What the response writer does with a `/v2` response: its one scan's recording files, when the request teaches owners. */
function learnFromResponse(o: RecordingOwners, method: string | undefined, url: string | undefined, body: Buffer): void {
  if (o.learnsFrom(method, url)) o.learnFiles(extractJsonFields(body).recordingFiles);
}

test('recordings paths are told by their end, query aside', () => {
  for (const url of ['/v2/meetings/1/recordings', '/v2/users/a%40b.c/recordings?from=2024-01-01', '/v2/meetings/1/recordings/', '/v2/webinars/2/recordings?x=1']) {
    assert.equal(isRecordingsPath(url), true, url);
  }
  for (const url of ['/v2/meetings/1', '/v2/meetings/1/recordings/settings', '/v2/users/me/meetings?q=/recordings', '/v2/recordingsx', '', '/v2/users/x/recordings_x']) {
    assert.equal(isRecordingsPath(url), false, url);
  }
});

test("a meeting's recordings: every file, participant audio included, is its host's", async () => {
  const { owners: o } = owners();
  learnFromResponse(o, 'GET', '/v2/meetings/85012345678/recordings', json({
    host_id: 'HOST1', recording_files: [file('a'), file('b')], participant_audio_files: [file('c')],
  }));
  for (const id of ['a', 'b', 'c']) assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/${id}`), { id: 'HOST1' }, id);
});

test("a user's recordings: each meeting's files are that meeting's host's; host_email is kept where Zoom gives one", async () => {
  const { owners: o } = owners();
  learnFromResponse(o, 'GET', '/v2/users/alice%40example.com/recordings?from=2024-01-01&to=2024-01-31', json({
    page_size: 30, next_page_token: '',
    meetings: [
      { host_id: 'ALICE', recording_files: [file('a1'), file('a2')] },
      { host_id: 'BOB', host_email: 'bob@example.com', recording_files: [file('b1')] },
      { recording_files: [file('nobody')] },
    ],
  }));
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/a2`), { id: 'ALICE' });
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/b1`), { id: 'BOB', email: 'bob@example.com' });
  assert.equal(await o.ownerOf(`${WEB}/rec/download/nobody`), undefined, 'no host_id, no owner');
});

test('the key is the path: the host Zoom named and any query play no part; archive paths count; other paths do not', async () => {
  const { owners: o, stored } = owners();
  o.learn({
    host_id: 'H',
    recording_files: [
      { download_url: 'https://us02web.zoom.us/rec/download/x1?type=mp4' },
      { download_url: 'https://zoom.us/rec/archive/download/x2' },
      { download_url: 'https://zoom.us/rec/webhook_download/x3' },
      { download_url: 'https://zoom.us/rec/play/x4' },
      { download_url: 'not a url' },
      { download_url: 42 },
    ],
  });
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/x1`), { id: 'H' });
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/x1?pwd=abc`), { id: 'H' });
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/archive/download/x2`), { id: 'H' });
  for (const path of ['/rec/webhook_download/x3', '/rec/play/x4']) assert.equal(stored.peek(path), undefined, `${path}: only drop-in download paths are remembered`);
  assert.equal(await o.ownerOf(`${WEB}/rec/download/X1`), undefined, 'paths are case-sensitive');
});

test("zoom.webUrl's own path is not part of the key", async () => {
  const { owners: o } = owners({ webUrl: 'https://gateway.example.com/zoom' });
  o.learn({ host_id: 'H', recording_files: [file('f')] });
  assert.deepEqual(await o.ownerOf('https://gateway.example.com/zoom/rec/download/f'), { id: 'H' });
  assert.equal(await o.ownerOf('https://gateway.example.com/rec/download/f'), undefined);
});

test('responses of other paths or methods are not read at all, and broken JSON teaches nothing', async () => {
  const { owners: o, stored } = owners();
  const recordings = json({ host_id: 'H', recording_files: [file('f')] });
  learnFromResponse(o, 'GET', '/v2/meetings/1', recordings);
  learnFromResponse(o, 'GET', '/v2/users/me/meetings', recordings);
  assert.equal(stored.peek('/rec/download/f'), undefined);
  learnFromResponse(o, 'PATCH', '/v2/meetings/1/recordings', recordings);
  learnFromResponse(o, undefined, undefined, recordings);
  assert.equal(stored.peek('/rec/download/f'), undefined, 'only a GET answer is read');
  assert.equal(o.learnsFrom('PATCH', '/v2/meetings/1/recordings'), false);
  assert.equal(o.learnsFrom('GET', '/v2/meetings/1/recordings?page_size=30'), true);
  learnFromResponse(o, 'GET', '/v2/meetings/1/recordings', Buffer.from('{"host_id":"H","recording_files":['));
  learnFromResponse(o, 'GET', '/v2/meetings/1/recordings', Buffer.from('[1,2]'));
  assert.equal(stored.peek('/rec/download/f'), undefined);
});

test('the bound holds: the least recently learned or used file is dropped first', async () => {
  const { owners: o } = owners({ maxEntries: 3 });
  o.learn({ host_id: 'H', recording_files: [file('f1'), file('f2'), file('f3')] });
  assert.ok(await o.ownerOf(`${WEB}/rec/download/f1`), 'f1 used: now the most recent');
  o.learn({ host_id: 'H', recording_files: [file('f4')] });
  assert.equal(await o.ownerOf(`${WEB}/rec/download/f2`), undefined, 'f2 pushed out');
  for (const id of ['f1', 'f3', 'f4']) assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/${id}`), { id: 'H' }, id);

  o.learn({ host_id: 'H', recording_files: Array.from({ length: 50 }, (_, i) => file(`g${i}`)) });
  for (const id of ['g47', 'g48', 'g49']) assert.ok(await o.ownerOf(`${WEB}/rec/download/${id}`), id);
  for (const id of ['f4', 'g0', 'g46']) assert.equal(await o.ownerOf(`${WEB}/rec/download/${id}`), undefined, `${id}: one large answer cannot grow it past the bound`);
});

test('an owner is trusted for ownerCacheSeconds after it was last learned', async () => {
  const { owners: o, clock } = owners({ ttlSeconds: 60 });
  o.learn({ host_id: 'H', recording_files: [file('f'), file('g')] });
  clock.advance(50_000);
  o.learn({ host_id: 'H', recording_files: [file('g')] });
  clock.advance(20_000);
  assert.equal(await o.ownerOf(`${WEB}/rec/download/f`), undefined, 'f expired');
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/g`), { id: 'H' }, 'g was listed again');
});

test('a later answer without the email keeps the one learned before for the same host, and a new host replaces it', async () => {
  const { owners: o } = owners();
  o.learn({ host_id: 'H', host_email: 'h@example.com', recording_files: [file('f')] });
  o.learn({ host_id: 'H', recording_files: [file('f')] });
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/f`), { id: 'H', email: 'h@example.com' });
  o.learn({ host_id: 'K', recording_files: [file('f')] });
  assert.deepEqual(await o.ownerOf(`${WEB}/rec/download/f`), { id: 'K' });
});

test('ownerCacheEntries 0 learns nothing', async () => {
  const { owners: o } = owners({ maxEntries: 0 });
  assert.equal(o.learnsFrom('GET', '/v2/meetings/1/recordings'), false, 'nothing kept: the response is not scanned for it');
  learnFromResponse(o, 'GET', '/v2/meetings/1/recordings', json({ host_id: 'H', recording_files: [file('f')] }));
  assert.equal(await o.ownerOf(`${WEB}/rec/download/f`), undefined);
});

test("an owner another side put in the store is found by ownerOf; another account's store holds none of it", async () => {
  const { owners: first, store } = owners();
  const second = createRecordingOwners({ maxEntries: 100, ttlSeconds: 3600, store, account: ACCOUNT, webUrl: WEB });
  const other = createRecordingOwners({ maxEntries: 100, ttlSeconds: 3600, store, account: 'gov/other', webUrl: WEB });
  first.learn({ host_id: 'H', host_email: 'h@example.com', recording_files: [file('f')] });
  assert.deepEqual(await second.ownerOf(`${WEB}/rec/download/f`), { id: 'H', email: 'h@example.com' });
  assert.equal(await other.ownerOf(`${WEB}/rec/download/f`), undefined);
});
