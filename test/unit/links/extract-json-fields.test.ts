import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractJsonFields } from '../../../src/links/extract-json-fields.js';

const scan = (text: string) => extractJsonFields(Buffer.from(text, 'utf8'));
const slice = (text: string, hit: { start: number; end: number }) => Buffer.from(text, 'utf8').subarray(hit.start, hit.end).toString('utf8');

test('finds start_url and download_url values at any depth, with their exact byte ranges', () => {
  const text = JSON.stringify({
    id: 85012345678,
    host_id: 'aLiCe',
    start_url: 'https://zoom.us/s/85012345678?zak=Z',
    recording_files: [
      { id: 'f1', download_url: 'https://zoom.us/rec/download/f1' },
      { id: 'f2', download_url: 'https://zoom.us/rec/download/f2', play_url: 'https://zoom.us/rec/play/f2' },
    ],
  });
  const result = scan(text);
  assert.equal(result.valid, true);
  assert.deepEqual(
    result.hits.map((h) => [h.kind, h.url, slice(text, h)]),
    [
      ['start', 'https://zoom.us/s/85012345678?zak=Z', '"https://zoom.us/s/85012345678?zak=Z"'],
      ['download', 'https://zoom.us/rec/download/f1', '"https://zoom.us/rec/download/f1"'],
      ['download', 'https://zoom.us/rec/download/f2', '"https://zoom.us/rec/download/f2"'],
    ],
  );
  assert.equal(result.hostId, 'aLiCe');
});

test('each link knows the id and host_id of the object that holds it, wherever they are written', () => {
  const text = '{"meetings":[{"start_url":"https://zoom.us/s/1","id":111,"host_id":"H1"},{"id":"222","start_url":"https://zoom.us/s/2"}],"id":9}';
  const { hits, hostId } = scan(text);
  assert.deepEqual(hits.map((h) => [h.ownerId, h.ownerHostId]), [['111', 'H1'], ['222', undefined]]);
  assert.equal(hostId, undefined, 'the top-level object has no host_id');
});

test('a nested object does not lend its id to a link of its parent', () => {
  const { hits } = scan('{"id":5,"start_url":"https://zoom.us/s/5","settings":{"id":6}}');
  assert.equal(hits[0]?.ownerId, '5');
});

test('only string values of those exact keys count: not keys in arrays, not other types, not look-alikes', () => {
  const text = JSON.stringify({
    list: ['start_url', 'https://zoom.us/s/1'],
    start_url: null,
    download_url: ['https://zoom.us/rec/download/x'],
    start_urls: 'https://zoom.us/s/2',
    'x start_url': 'https://zoom.us/s/3',
    agenda: '"start_url":"https://zoom.us/s/4"',
    nested: { download_url: 7 },
  });
  const result = scan(text);
  assert.equal(result.valid, true);
  assert.deepEqual(result.hits, []);
});

test('escaped keys and values are decoded', () => {
  const text = '{"start\\u005furl":"https:\\/\\/zoom.us\\/s\\/1?zak=a\\u0026b","download_url":"https://zoom.us/rec/download/\\u00e9"}';
  const { valid, hits } = scan(text);
  assert.equal(valid, true);
  assert.deepEqual(hits.map((h) => h.url), ['https://zoom.us/s/1?zak=a&b', 'https://zoom.us/rec/download/é']);
});

test('multi-byte UTF-8 before a link does not shift its byte range', () => {
  const text = '{"topic":"Réunion 会议 🎥","start_url":"https://zoom.us/s/1"}';
  const [hit] = scan(text).hits;
  assert.ok(hit);
  assert.equal(slice(text, hit), '"https://zoom.us/s/1"');
});

test('long strings with and without escapes end where JSON says', () => {
  const long = 'x'.repeat(500);
  const text = `{"agenda":"${long}\\"${long}","a":"${long}\\\\","download_url":"https://zoom.us/rec/download/${long}"}`;
  const { valid, hits } = scan(text);
  assert.equal(valid, true);
  assert.equal(hits[0]?.url, `https://zoom.us/rec/download/${long}`);
});

test('whitespace anywhere JSON allows it', () => {
  const text = ' \n{ "start_url" :\t"https://zoom.us/s/1" ,\r\n "id" : 1 } \n';
  const { valid, hits } = scan(text);
  assert.equal(valid, true);
  assert.equal(hits[0]?.ownerId, '1');
});

test('what is not one JSON document is invalid and yields nothing', () => {
  for (const text of [
    '', ' ', '{', '}', '[1,]', '{"a":1,}', '{"a" 1}', '{"a":1 "b":2}', '{a:1}', "{'a':1}", '[01]', '[1.]', '[.5]', '[-]', '[1e]',
    '[tru]', '[nul]', '"abc', '"\\x"', '"\\u12G4"', '{"start_url":"https://zoom.us/s/1"', '{"a":1}{"b":2}', '{"a":1} x',
    '[1 2]', '{"a":1]', '[1}', 'NaN', '[Infinity]', '<html></html>',
  ]) {
    const result = scan(text);
    assert.equal(result.valid, false, text);
    assert.deepEqual(result.hits, [], text);
  }
});

test('scalar documents and empty containers are valid', () => {
  for (const text of ['0', '-1.5e+3', '"s"', 'true', 'false', 'null', '{}', '[]', '[[],{}]', '{"a":{}}']) {
    assert.equal(scan(text).valid, true, text);
  }
});

test('very deep nesting is scanned without recursion', () => {
  const depth = 200_000;
  const text = `${'['.repeat(depth)}{"download_url":"https://zoom.us/rec/download/x"}${']'.repeat(depth)}`;
  const { valid, hits } = scan(text);
  assert.equal(valid, true);
  assert.equal(hits.length, 1);
});

test('schedule_for: every top-level value, duplicates and escaped keys too; null left out, other types undefined; nested ones ignored', () => {
  const scan = (text: string) => extractJsonFields(Buffer.from(text)).scheduleFor;
  assert.deepEqual(scan('{"schedule_for":"a@x","topic":"t","schedule_for":"b@x"}'), ['a@x', 'b@x']);
  assert.deepEqual(scan('{"schedule\\u005ffor":"a\\u0040x"}'), ['a@x']);
  assert.deepEqual(scan('{"schedule_for":null,"schedule_for":1,"schedule_for":{"x":1},"schedule_for":["a"],"schedule_for":true}'), [undefined, undefined, undefined, undefined]);
  assert.deepEqual(scan('{"settings":{"schedule_for":"a@x"},"list":[{"schedule_for":"b@x"}]}'), []);
  assert.deepEqual(scan('[{"schedule_for":"a@x"}]'), []);
  assert.deepEqual(scan('{"schedule_for":"a@x"'), [], 'not JSON: nothing');
});

test('a leading UTF-8 byte order mark is skipped (RFC 8259, 8.1): offsets stay those of the bytes given; a mark elsewhere is invalid', () => {
  const text = `\ufeff${JSON.stringify({ id: 85012345678, host_id: 'h', start_url: 'https://zoom.us/j/85012345678?zak=Z', schedule_for: 'x' })}`;
  const result = scan(text);
  assert.equal(result.valid, true);
  assert.equal(result.hostId, 'h');
  assert.deepEqual(result.scheduleFor, ['x']);
  assert.equal(result.hits[0]?.ownerId, '85012345678');
  assert.equal(slice(text, result.hits[0]), '"https://zoom.us/j/85012345678?zak=Z"');
  for (const bad of ['\ufeff\ufeff{}', ' \ufeff{}', '{}\ufeff', '\ufeff']) assert.equal(scan(bad).valid, false, JSON.stringify(bad));
});
