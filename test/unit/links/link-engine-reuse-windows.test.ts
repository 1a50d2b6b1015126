import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meetingPage, pair } from '../../helpers/link-engine-pair.js';

/**
 * The WebAssembly link engine and the JavaScript rewriter share one memory of signed links: the
 * same link within a window whichever of them signed it, a new one after, and the engine's tables
 * starting over as the memory's windows do (over, or full).
 */

test('links are signed again once the reuse window is over, as in JavaScript', async () => {
  const p = pair();
  const page = meetingPage(3);
  const first = await p.same(page);
  p.clock.advance(30_000);
  assert.deepEqual(await p.same(page), first, 'within the window: the same links');
  p.clock.advance(31_000);
  const later = await p.same(page);
  assert.notDeepEqual(later, first, 'a new window: new expiries');
});

test('more links than a window keeps (20,000 meetings): the tables start over and the bytes still match', async () => {
  const p = pair({ limits: { maxLinks: 100_000 } });
  const ids = Array.from({ length: 20_500 }, (_, i) => `{"start_url":"https://zoom.us/s/${9_000_000_000 + i}"}`);
  await p.same(`[${ids.join(',')}]`);
  await p.same(`[${ids.slice(0, 100).join(',')}]`);
  assert.equal(p.handedOver(), 1, 'the big one only');
});

test('long download URLs fill the arena over a few answers: it starts over and the bytes still match', async () => {
  const p = pair();
  const long = 'x'.repeat(1500);
  for (let answer = 0; answer < 6; answer++) {
    const page = meetingPage(1000, 10_000_000_000 + answer * 1000, (i) => `${answer}-${i}-${long}`);
    assert.ok(page.length < 2 * 1024 * 1024);
    await p.same(page, answer % 2 === 0);
  }
  // 3.7 MB of the 12 MiB download arena an answer: the fourth does not fit and goes to JavaScript; the engine starts over.
  assert.equal(p.handedOver(), 1);
});

test('an answer handed to JavaScript reuses the links the engine signed in this window', async () => {
  const p = pair();
  await p.same('{"start_url":"https://zoom.us/s/111"}'); // the engine signs 111
  p.clock.advance(10_000);
  // An escaped value elsewhere in the answer: JavaScript rewrites it, from the one memory the engine filled.
  await p.same('{"start_url":"https://zoom.us/s/111","download_url":"https:\\/\\/zoom.us\\/rec\\/a"}');
});

test('the reverse: a link the fallback signed is reused by the engine within the window', async () => {
  const p = pair();
  await p.same('{"start_url":"https://zoom.us/s/222","download_url":"https:\\/\\/zoom.us\\/rec\\/a"}');
  p.clock.advance(10_000);
  await p.same('{"start_url":"https://zoom.us/s/222"}');
});

test('the window opens when the rewriter is made, not at its first answer', async () => {
  const p = pair();
  p.clock.advance(50_000); // the proxy started 50 s before its first list
  await p.same('{"start_url":"https://zoom.us/s/333"}');
  p.clock.advance(15_000); // 65 s after the JavaScript window opened: it starts over, the engine's (opened at 50 s) does not
  await p.same('{"start_url":"https://zoom.us/s/333"}');
});

test('an answer without links does not start a new window', async () => {
  const p = pair();
  await p.same('{"start_url":"https://zoom.us/s/1"}');
  p.clock.advance(61_000);
  await p.same('{"id":1}'); // the engine starts its window over here; JavaScript only at an answer with links
  p.clock.advance(4_000);
  await p.same('{"start_url":"https://zoom.us/s/2"}');
  p.clock.advance(57_000);
  await p.same('{"start_url":"https://zoom.us/s/2"}');
});

test('past 20,000 remembered links the next answer starts a new window, as in JavaScript', async () => {
  const p = pair();
  const ids = Array.from({ length: 20_000 }, (_, i) => `{"start_url":"https://zoom.us/s/${9_000_000_000 + i}"}`);
  await p.same(`[${ids.join(',')}]`);
  assert.equal(p.handedOver(), 0);
  p.clock.advance(10_000);
  await p.same(`[${ids[0]}]`); // a new window (20,000 remembered): signed anew by both
});

test('start and download windows of different lengths (links.startTtlSeconds 300: 30 s; download 60 s)', async () => {
  const p = pair({ startMs: 30_000 });
  await p.same('{"download_url":"https://zoom.us/rec/download/x"}');
  p.clock.advance(40_000); // within the download window: JavaScript reuses; the engine's single window (30 s) is over
  await p.same('{"download_url":"https://zoom.us/rec/download/x"}');
});

test('the window ends at exactly windowMs, as in JavaScript', async () => {
  const p = pair();
  await p.same('{"start_url":"https://zoom.us/s/4"}');
  p.clock.advance(60_000);
  await p.same('{"start_url":"https://zoom.us/s/4"}');
});

test('a meeting gets one link within a window whichever way its id was found: the URL, the object, an escaped URL', async () => {
  const p = pair();
  const linkOf = (out: Buffer | undefined): string => (JSON.parse(out?.toString() ?? '{}') as { start_url: string }).start_url;
  const first = linkOf(await p.same('{"start_url":"https://zoom.us/s/85012345678?zak=a"}'));
  p.clock.advance(10_000);
  const fromObject = linkOf(await p.same('{"id":85012345678,"start_url":"https://zoom.us/start?confno=1"}'));
  p.clock.advance(10_000);
  const escaped = linkOf(await p.same('{"start_url":"https:\\/\\/zoom.us\\/s\\/85012345678"}'));
  assert.equal(fromObject, first);
  assert.equal(escaped, first);
});
