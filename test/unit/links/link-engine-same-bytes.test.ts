import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PUBLIC, meetingPage, pair } from '../../helpers/link-engine-pair.js';

/**
 * The WebAssembly link engine writes the JavaScript rewriter's bytes: on Zoom's pages, on what it
 * leaves to JavaScript, on what both leave alone, on inputs the generators never reach. Also that
 * the engine really does the work where it should (its fallback is not called).
 */

test('a page of Zoom meetings is rewritten by the engine alone, the same bytes as in JavaScript, first and second time', async () => {
  const p = pair();
  const page = meetingPage(300);
  const first = await p.same(page);
  const second = await p.same(page, true);
  assert.equal(p.handedOver(), 0, 'nothing was handed to JavaScript');
  assert.ok(first && second && first.equals(second));
  const links = JSON.parse(first.toString()) as { meetings: Array<{ start_url: string; recording_files: Array<{ download_url: string }> }> };
  assert.match(links.meetings[0]?.start_url ?? '', /^https:\/\/proxy\.example\.com\/zoom\/start\/81234567891\?exp=\d+&sig=[\w-]{43}$/);
  assert.match(links.meetings[0]?.recording_files[0]?.download_url ?? '', /^https:\/\/proxy\.example\.com\/zoom\/download\/[\w-]+\?exp=\d+&sig=[\w-]{43}$/);
});

test('the same link twice in one answer is signed once and written twice', async () => {
  const p = pair();
  const link = { start_url: 'https://zoom.us/s/123456789?zak=z', download_url: 'https://zoom.us/rec/download/same' };
  const out = await p.same(JSON.stringify([link, link, { x: link }]));
  const text = out?.toString() ?? '';
  assert.equal(text.split('/start/123456789?').length, 4);
  assert.equal(p.handedOver(), 0);
});

test('what the engine leaves to JavaScript: escaped values, start URLs of other shapes, huge answers; the bytes still match', async () => {
  const p = pair({ limits: { maxLinks: 100_000 } }); // a huge answer of 14,000 links, below
  const cases = [
    '{"start_url":"https:\\/\\/zoom.us\\/s\\/123?zak=a"}', // escaped slashes
    '{"id":42,"start_url":"https://zoom.us/start?confno=42"}', // no /s/{id}: the object's id
    '{"start_url":"https://zoom.us/s/0123?zak=a"}', // a leading zero
    '{"start_url":"https://zoom.us/s/12345678901234567890"}', // 20 digits
    '{"start_url":"https://zoom.us/s/123abc"}', // digits then letters
    '{"download_url":"https://zoom.us/rec/download/a\\u00e9"}',
  ];
  for (const body of cases) {
    const before = p.handedOver();
    await p.same(body);
    assert.equal(p.handedOver(), before + 1, body);
  }
  const huge = meetingPage(7000);
  assert.ok(huge.length > 2 * 1024 * 1024);
  await p.same(huge);
  assert.equal(p.handedOver(), cases.length + 1);
});

test('left alone by both: links already on publicUrl, other schemes, no host, other keys', async () => {
  const p = pair();
  const body = JSON.stringify({
    start_url: `${PUBLIC}/start/1?exp=1&sig=x`,
    download_url: 'zoommtg://zoom.us/rec',
    x: { download_url: 'https:///nohost', start_url: 'http://?q' },
    join_url: 'https://zoom.us/j/1',
    'start_url ': 'https://zoom.us/s/1',
    // Keys that end in an escaped "start_url / "download_url: not those keys.
    'x"start_url': 'https://zoom.us/s/1',
    'y\\"download_url': 'https://zoom.us/rec/download/a',
  });
  assert.equal(await p.same(body), undefined);
  assert.equal(p.handedOver(), 0);
});

test('inputs the generators never reach: even backslash runs, tabs and CRs, the bare own prefix, short escaped values at the end, a hash collision', async () => {
  const p = pair();
  const cases = [
    '\\\\"start_url":"https://zoom.us/s/1"', // two backslashes: the quote is not escaped, this is a key
    '\\\\\\\\"download_url":"https://zoom.us/rec/download/a"',
    '{"start_url"\t:\r"https://zoom.us/s/2"}',
    '{"download_url"\r\n:\t"https://zoom.us/rec/download/b"}',
    `{"start_url":"${PUBLIC}/"}`, // exactly the own prefix: the proxy's
    `{"download_url":"${PUBLIC}/"}`,
    '{"download_url":"http://a\\/b"}', // an escape in the scalar tail of the quote search
    '{"start_url":"http://a/s/3\\u0031"}',
    '"download_url":"https://a\\"',
  ];
  for (const body of cases) await p.same(body);
  // The same 32-bit hashBytes, the same length: told apart only by comparing the bytes.
  const a = 'https://zoom.us/rec/download/000019an';
  const b = 'https://zoom.us/rec/download/00001uzq';
  await p.same(JSON.stringify({ download_url: a }));
  await p.same(JSON.stringify({ download_url: b }));
  await p.same(JSON.stringify([{ download_url: b }, { download_url: a }]));
});

test('download URLs whose memory keys collide (rawKey reads every third byte of a 200-byte URL): the same links as JavaScript', async () => {
  const p = pair();
  const base = 'https://zoom.us/rec/download/';
  // 200 bytes, differing only at offset 150: rawKey reads offsets 199, 196, ..., 1, never 150.
  const url = (c: string) => `${base}${'a'.repeat(150 - base.length)}${c}${'b'.repeat(49)}`;
  await p.same(JSON.stringify({ download_url: url('X') }));
  p.clock.advance(10_000);
  await p.same(JSON.stringify({ download_url: url('Y') })); // JavaScript's memory: Y's entry replaces X's
  await p.same(JSON.stringify({ download_url: url('X') })); // X's link of 10 s ago, in both (the memory keeps colliding keys apart)
  assert.equal(p.handedOver(), 0);
});
