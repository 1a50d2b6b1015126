import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractJsonFields } from '../../../src/links/extract-json-fields.js';
import { rewriteLimits } from '../../../src/links/rewrite-links.js';

const filesOf = (value: unknown) => extractJsonFields(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))).recordingFiles;
const file = (id: string) => ({ id, file_type: 'MP4', download_url: `https://us06web.zoom.us/rec/download/${id}`, play_url: `https://zoom.us/rec/play/${id}` });
const url = (id: string) => `https://us06web.zoom.us/rec/download/${id}`;

test("one meeting's recordings: its recording and participant audio files are its host's, wherever host_id is written", () => {
  assert.deepEqual(filesOf({ uuid: 'u', host_id: 'H1', recording_files: [file('a'), file('b')], participant_audio_files: [file('c')] }), [
    { url: url('a'), hostId: 'H1', hostEmail: undefined },
    { url: url('b'), hostId: 'H1', hostEmail: undefined },
    { url: url('c'), hostId: 'H1', hostEmail: undefined },
  ]);
  assert.deepEqual(filesOf({ recording_files: [file('a')], host_email: 'h@example.com', host_id: 'H1' }), [{ url: url('a'), hostId: 'H1', hostEmail: 'h@example.com' }], 'host after the files');
});

test("a user's list: each meeting's files are that meeting's host's; a meeting without host_id teaches nothing", () => {
  const list = {
    page_size: 30,
    next_page_token: '',
    meetings: [
      { host_id: 'ALICE', recording_files: [file('a1'), file('a2')] },
      { host_id: 'BOB', host_email: 'bob@example.com', recording_files: [file('b1')] },
      { recording_files: [file('nobody')] },
      { host_id: '', host_email: 'x@example.com', recording_files: [file('empty')] },
    ],
  };
  assert.deepEqual(filesOf(list), [
    { url: url('a1'), hostId: 'ALICE', hostEmail: undefined },
    { url: url('a2'), hostId: 'ALICE', hostEmail: undefined },
    { url: url('b1'), hostId: 'BOB', hostEmail: 'bob@example.com' },
  ]);
});

test('only the shape of a recordings answer counts: no other list, depth or value type', () => {
  const text = JSON.stringify({
    host_id: 'H',
    download_url: url('on-the-recording'),
    other_files: [file('other')],
    recording_files: [{ nested: file('deeper') }, [file('in-an-array')], { download_url: 7 }, { download_url: url('kept') }],
    settings: { meetings: [{ host_id: 'X', recording_files: [file('not-top-level')] }] },
  });
  assert.deepEqual(filesOf(text).map((f) => f.url), [url('kept')]);
  assert.deepEqual(filesOf([{ host_id: 'H', recording_files: [file('a')] }]), [], 'a top-level array is no recordings answer');
  assert.deepEqual(filesOf({ host_id: 7, recording_files: [file('a')] }), [], 'a host_id that is not a string');
  assert.deepEqual(filesOf({ meetings: { host_id: 'H', recording_files: [file('a')] } }), [], 'meetings that is not a list');
});

test('keys and values written with escapes are read as JSON reads them', () => {
  const text = '{"host\\u005fid":"H\\u0031","recording\\u005ffiles":[{"download\\u005furl":"https:\\/\\/zoom.us\\/rec\\/download\\/e"}]}';
  assert.deepEqual(filesOf(text), [{ url: 'https://zoom.us/rec/download/e', hostId: 'H1', hostEmail: undefined }]);
});

test('broken JSON, or an answer past the rewrite bounds, gives no files', () => {
  assert.deepEqual(filesOf('{"host_id":"H","recording_files":[{"download_url":"https://zoom.us/rec/download/f"}]'), []);
  const body = Buffer.from(JSON.stringify({ host_id: 'H', recording_files: [file('a'), file('b'), file('c')] }));
  const past = extractJsonFields(body, { ...rewriteLimits(), maxLinks: 2 });
  assert.equal(past.over, 'links');
  assert.deepEqual(past.recordingFiles, []);
});
