import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateJsonLinks, type LinkSpot } from '../../../src/links/locate-json-links.js';

const locate = (text: string) => {
  const buf = Buffer.from(text, 'utf8');
  const spots: LinkSpot[] = [];
  locateJsonLinks(buf, { maxLinks: 100, maxDepth: 100 }, spots);
  return spots.map((s) => [s.kind, buf.subarray(s.start, s.end).toString('utf8'), s.escaped]);
};

test('finds the values of start_url and download_url keys, in document order, with their escapes flagged', () => {
  assert.deepEqual(locate('{"download_url" : "https://z/d", "x":[{"start_url":"https:\\/\\/z\\/s\\/1"}], "start_url":"u\\"v"}'), [
    ['download', '"https://z/d"', false],
    ['start', '"https:\\/\\/z\\/s\\/1"', true],
    ['start', '"u\\"v"', true],
  ]);
});

test('not a key: in a string, as a value, an escaped quote before it, a look-alike key', () => {
  for (const text of [
    '{"a":"\\"start_url\\":\\"https://z\\""}',
    '["start_url", "https://z"]',
    '{"a":"start_url","b":"https://z"}',
    '{"my_start_url":"https://z","xdownload_url":"https://z","join_url":"https://z"}',
    '{"start_url":null,"download_url":["https://z"]}',
  ]) {
    assert.deepEqual(locate(text), [], text);
  }
});

test('an escaped backslash before a closing quote ends the value there', () => {
  assert.deepEqual(locate('{"start_url":"a\\\\","id":1}'), [['start', '"a\\\\"', true]]);
});

test('truncated or broken input gives what can be found, never an out-of-range spot', () => {
  assert.deepEqual(locate('{"start_url":"https://z'), []);
  assert.deepEqual(locate('"start_url":'), []);
  assert.deepEqual(locate('_url"'), []);
});
