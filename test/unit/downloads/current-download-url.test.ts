import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCurrentDownloadUrl } from '../../../src/downloads/current-download-url.js';
import { ProxyError, ZoomApiError } from '../../../src/errors.js';

const place = { meetingUuid: 'u1', fileId: 'p1' };
const answer = {
  uuid: 'u1',
  recording_files: [{ id: 'f1', download_url: 'https://zoom.us/rec/download/f1' }],
  participant_audio_files: [{ id: 'p1', download_url: 'https://zoom.us/rec/download/p1' }],
};

test('the file\'s current download_url, found by its id in the instance\'s recordings', async () => {
  const asked: string[] = [];
  const current = createCurrentDownloadUrl({
    placeOf: async (url) => (url.endsWith('/known') ? place : undefined),
    recordingsOf: async (uuid) => (asked.push(uuid), answer),
  });
  assert.equal((await current(new URL('https://zoom.us/rec/webhook_download/known')))?.href, 'https://zoom.us/rec/download/p1');
  assert.deepEqual(asked, ['u1']);
  assert.equal(await current(new URL('https://zoom.us/rec/webhook_download/other')), undefined, 'no event named it: the API is not asked');
  assert.deepEqual(asked, ['u1']);
});

test('a file the answer no longer lists: none; a recording Zoom no longer has: recording_not_found', async () => {
  const gone = createCurrentDownloadUrl({ placeOf: async () => ({ meetingUuid: 'u1', fileId: 'deleted' }), recordingsOf: async () => answer });
  assert.equal(await gone(new URL('https://zoom.us/rec/webhook_download/x')), undefined);
  const deleted = createCurrentDownloadUrl({
    placeOf: async () => place,
    recordingsOf: async () => {
      throw new ZoomApiError(404, 3301, 'This recording does not exist.');
    },
  });
  await assert.rejects(deleted(new URL('https://zoom.us/rec/webhook_download/x')), (err) => err instanceof ProxyError && err.code === 'recording_not_found');
});
