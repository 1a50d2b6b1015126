import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { createWasmLinkRewriter } from '../../../src/links/engine/wasm-link-rewriter.js';
import { createLinkBuilder } from '../../../src/links/link-builder.js';
import { createLinkSigner } from '../../../src/links/link-signer.js';
import { defaultStartHosts } from '../../../src/config/config.js';
import { createHostMatcher } from '../../../src/http/host-matcher.js';
import { createJsLinkRewriter, type LinkRewriterOptions } from '../../../src/links/rewrite-links.js';
import { createManualClock } from '../../helpers/manual-clock.js';

/**
 * The WebAssembly link engine against the JavaScript rewriter it stands in for: on any input, the
 * same bytes out (or both undefined), with real signed links from one manual clock. Also: that the
 * engine really does the work where it should (its fallback is not called), and hands over where it
 * should not.
 */

const PUBLIC = 'https://proxy.example.com/zoom';
const SECRET = 'wasm-engine-test-secret-0123456789abcdef';

function pair({ startMs = 60_000, ...overrides }: Partial<LinkRewriterOptions> & { startMs?: number } = {}) {
  const clock = createManualClock(Date.UTC(2026, 10, 24));
  const options = (): LinkRewriterOptions => ({
    mode: 'proxy',
    publicUrl: PUBLIC,
    webUrl: 'https://zoom.us',
    startHosts: createHostMatcher(defaultStartHosts('https://zoom.us')),
    links: createLinkBuilder(PUBLIC, createLinkSigner(SECRET, clock.now), { start: 86_400, download: 21_600 }),
    reuse: { clock: clock.now, startMs, downloadMs: 60_000 },
    zakOf: () => Promise.reject(new Error('not in proxy mode')),
    hostOfMeeting: () => Promise.reject(new Error('not in proxy mode')),
    zakConcurrency: 4,
    ...overrides,
  });
  const reference = createJsLinkRewriter(options());
  const unavailable: unknown[] = [];
  const wasm = createWasmLinkRewriter(options(), (err) => unavailable.push(err));
  return {
    clock,
    unavailable,
    handedOver: () => wasm?.handedOver ?? 0,
    wasm,
    /** Both rewrites of `bytes` (each on its own copy, in place or not), asserted equal; the engine's. */
    async same(bytes: Buffer | string, inPlace = false): Promise<Buffer | undefined> {
      assert.ok(wasm, 'the engine applies');
      const want = await reference.rewrite(Buffer.from(bytes));
      const got = await wasm.rewrite(Buffer.from(bytes), { inPlace });
      assert.deepEqual(got === undefined ? undefined : got.toString('latin1'), want === undefined ? undefined : want.toString('latin1'));
      return got;
    },
  };
}

/** A page of meetings as Zoom writes it, each with a ZAK-bearing start_url and one recording file. */
function meetingPage(count: number, firstId = 81_234_567_891, fileToken = (i: number) => `FiLe-${i}_tOkEn`): string {
  const meetings = Array.from({ length: count }, (_, i) => ({
    uuid: `uU${i}==`,
    id: firstId + i,
    host_id: 'hOsT_iD',
    topic: `Meeting ${i} "quoted" \u00e9`,
    start_url: `https://us05web.zoom.us/s/${firstId + i}?zak=eyJ0eXAiOiJKV1QifQ.eyJ1aWQiOiJob3N0In0.c2ln_${i}`,
    join_url: `https://us05web.zoom.us/j/${firstId + i}?pwd=x`,
    recording_files: [{ file_type: 'MP4', download_url: `https://us05web.zoom.us/rec/download/${fileToken(i)}` }],
  }));
  return JSON.stringify({ page_size: count, total_records: count, next_page_token: '', meetings });
}

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

test('not for mode fresh-zak or with link reuse off; a publicUrl it cannot hold sends everything to JavaScript', async () => {
  assert.equal(pair({ mode: 'fresh-zak' }).wasm, undefined);
  const clock = createManualClock();
  assert.equal(pair({ reuse: { clock: clock.now, startMs: 0, downloadMs: 60_000 } }).wasm, undefined);
  assert.equal(pair({ reuse: undefined }).wasm, undefined);

  const longPublic = `https://proxy.example.com/${'p'.repeat(3000)}`;
  const p = pair({ publicUrl: longPublic, links: createLinkBuilder(longPublic, createLinkSigner(SECRET, clock.now), { start: 60, download: 60 }) });
  assert.ok(p.wasm);
  await p.wasm.rewrite(Buffer.from(meetingPage(2)));
  await p.wasm.rewrite(Buffer.from(meetingPage(2)));
  assert.equal(p.handedOver(), 2);
  assert.equal(p.unavailable.length, 1, 'told once');
});

test('the engine answers in the same tick (no promise); what it hands to JavaScript comes as a promise', async () => {
  const p = pair();
  assert.ok(p.wasm);
  const done = p.wasm.rewrite(Buffer.from('{"start_url":"https://zoom.us/s/111"}'));
  assert.ok(Buffer.isBuffer(done), 'a Buffer, not a promise');
  assert.equal(p.wasm.rewrite(Buffer.from('{"topic":"nothing to rewrite"}')), undefined);
  // An escaped link is JavaScript's.
  const handed = p.wasm.rewrite(Buffer.from('{"download_url":"https:\\/\\/zoom.us\\/rec\\/a"}'));
  assert.ok(handed instanceof Promise);
  assert.ok(Buffer.isBuffer(await handed));
  assert.equal(p.handedOver(), 1);
});

// ---- the clock moving: both rewriters share one memory of links, refreshed as JavaScript alone does ----

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

test('the window ends at exactly windowMs, as in JavaScript', async () => {
  const p = pair();
  await p.same('{"start_url":"https://zoom.us/s/4"}');
  p.clock.advance(60_000);
  await p.same('{"start_url":"https://zoom.us/s/4"}');
});

test('an engine that traps (its memory cannot grow) hands this answer and the rest to JavaScript, told once', () => {
  // A process whose wasm memories may not pass 300 pages (19.7 MB): the engine's tables fit, a 20,000-link answer does not.
  const script = `
    const { createWasmLinkRewriter } = await import(${JSON.stringify(fileURLToPath(new URL('../../../src/links/engine/wasm-link-rewriter.js', import.meta.url)))});
    const { createJsLinkRewriter } = await import(${JSON.stringify(fileURLToPath(new URL('../../../src/links/rewrite-links.js', import.meta.url)))});
    const clock = () => 1795000000000;
    const links = { startLink: (id) => 'https://proxy.example/start/' + id, downloadLink: (u) => 'https://proxy.example/download/' + u.length };
    const options = { mode: 'proxy', publicUrl: 'https://proxy.example', webUrl: 'https://zoom.us', links, reuse: { clock, startMs: 60000, downloadMs: 60000 }, limits: { maxLinks: 100000 },
      zakOf: async () => 'z', hostOfMeeting: async () => 'h', zakConcurrency: 4 };
    const told = [];
    const wasm = createWasmLinkRewriter(options, (err) => told.push(String(err)));
    const js = createJsLinkRewriter(options);
    const small = Buffer.from('{"start_url":"https://zoom.us/s/1"}');
    const big = Buffer.from('[' + Array.from({ length: 20000 }, (_, i) => '{"start_url":"https://zoom.us/s/' + (i + 1) + '"}').join(',') + ']');
    const out = [];
    for (const body of [small, big, small]) out.push((await wasm.rewrite(Buffer.from(body)))?.equals(await js.rewrite(Buffer.from(body))));
    console.log(JSON.stringify({ out, told, handedOver: wasm.handedOver }));
  `;
  const result = JSON.parse(execFileSync(process.execPath, ['--wasm-max-mem-pages=300', '--input-type=module', '-e', script], { encoding: 'utf8' })) as {
    out: boolean[];
    told: string[];
    handedOver: number;
  };
  assert.deepEqual(result.out, [true, true, true]);
  assert.equal(result.told.length, 1);
  assert.match(result.told[0] ?? '', /RuntimeError/);
  assert.equal(result.handedOver, 2, 'the big answer and the one after it');
});

test('generated answers with the clock moving between them: the same bytes as JavaScript', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(text, fc.constantFrom(0, 1, 10_000, 29_999, 30_000, 59_999, 60_000, 90_000)), { minLength: 1, maxLength: 6 }), async (steps) => {
      const p = pair({ startMs: 30_000 });
      for (const [json, advance] of steps) {
        p.clock.advance(advance);
        await p.same(json);
      }
    }),
    { numRuns: 300 },
  );
});

// ---- generated input ----------------------------------------------------------------------

const url = fc.oneof(
  fc.integer({ min: 1, max: 99_999_999_999 }).map((id) => `https://us05web.zoom.us/s/${id}?zak=eyJ.${id}.sig`),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((id) => `https://zoom.us/s/${id}`),
  fc.tuple(fc.constantFrom('http', 'HTTPS', 'hTtP', 'https', 'ftp'), fc.constantFrom('://', ':/', '://', ':'), fc.constantFrom('zoom.us', '', '/', '?', ' ', 'Zoom.US:443'), fc.constantFrom('/s/', '/S/', '/s', '/x/', '?', '#', '/s/s/'), fc.constantFrom('1', '12', '0', '007', '9999999999999999999', '', 'a'), fc.constantFrom('', '/', '?zak=1', '#f', 'x', ' '))
    .map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `https://zoom.us/rec/download/${s}`),
  fc.constantFrom(`${PUBLIC}/start/1?exp=1&sig=s`, `${PUBLIC}x/start/1`, `${PUBLIC}`, 'https://proxy.example.com/zoo'),
  fc.string({ maxLength: 12 }),
);

const { doc } = fc.letrec((tie) => ({
  doc: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
  leaf: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null)),
  array: fc.array(tie('doc'), { maxLength: 4 }),
  object: fc
    .record({ start_url: url, download_url: url, id: fc.oneof(fc.integer({ min: 1, max: 99_999_999_999 }), fc.string({ maxLength: 6 })) }, { requiredKeys: [] })
    .chain((links) => fc.dictionary(fc.string({ maxLength: 8 }), tie('doc'), { maxKeys: 3 }).map((rest) => ({ ...rest, ...links }))),
}));

const text = fc.tuple(doc, fc.constantFrom(undefined, 1, '\t'), fc.boolean()).map(([value, space, escapeSlashes]) => {
  const json = JSON.stringify(value, null, space) ?? 'null';
  return escapeSlashes ? json.replace(/\//g, '\\/') : json;
});

/** Bytes that are not JSON: fragments of keys, quotes, escapes and URLs in any order, and plain noise. */
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc
    .array(fc.constantFrom('"start_url"', '"download_url"', '\\"start_url"', '\\"download_url"', '_url"', ':', ' ', '\n', '"', '\\', '\\\\', 'https://zoom.us/s/12', 'http://x', 'https://', '/s/', '9', '{', '}', ',', `${PUBLIC}/`, 'é'), { maxLength: 40 })
    .map((p) => Buffer.from(p.join(''))),
  text.map((t) => Buffer.from(t.slice(0, Math.max(0, t.length - 3)))),
);

test('on generated JSON documents the engine writes the same bytes as JavaScript', async () => {
  const p = pair();
  await fc.assert(
    fc.asyncProperty(text, fc.boolean(), async (json, inPlace) => {
      await p.same(json, inPlace);
    }),
    { numRuns: 2_000 },
  );
  // The property is about the engine: most documents must have been rewritten by it.
  assert.ok(p.handedOver() < 1_500, `handed over ${p.handedOver()} of 2,000`);
});

test('on any bytes at all the engine writes the same bytes as JavaScript and never throws', async () => {
  const p = pair();
  await fc.assert(
    fc.asyncProperty(anyBytes, fc.boolean(), async (bytes, inPlace) => {
      await p.same(bytes, inPlace);
    }),
    { numRuns: 3_000 },
  );
});

// ---- review of ebd1406 ----

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

test('a trap after the 20,000th link was remembered in this answer does not start a new window', () => {
  // 300 pages: the tables fit, a 1 MB answer's input fits, its output does not.
  const script = `
    const { createWasmLinkRewriter } = await import(${JSON.stringify(fileURLToPath(new URL('../../../src/links/engine/wasm-link-rewriter.js', import.meta.url)))});
    const { createJsLinkRewriter } = await import(${JSON.stringify(fileURLToPath(new URL('../../../src/links/rewrite-links.js', import.meta.url)))});
    let t = 1795000000000;
    const clock = () => t;
    const links = () => ({ startLink: (id) => 'https://proxy.example/start/' + id + '?t=' + t, downloadLink: (u) => 'https://proxy.example/download/' + u.length + '?t=' + t });
    const options = () => ({ mode: 'proxy', publicUrl: 'https://proxy.example', webUrl: 'https://zoom.us', links: links(), reuse: { clock, startMs: 60000, downloadMs: 60000 },
      zakOf: async () => 'z', hostOfMeeting: async () => 'h', zakConcurrency: 4 });
    const told = [];
    const wasm = createWasmLinkRewriter(options(), (err) => told.push(String(err)));
    const js = createJsLinkRewriter(options());
    const link = (id) => '{"start_url":"https://zoom.us/s/' + id + '"}';
    const list = (from, n) => Array.from({ length: n }, (_, i) => link(from + i)).join(',');
    const out = [];
    const both = async (body) => out.push((await wasm.rewrite(Buffer.from(body)))?.toString() === (await js.rewrite(Buffer.from(body)))?.toString());
    for (let a = 0; a < 10; a++) await both('[' + list(1000000 + a * 1999, 1999) + ']'); // 19,990 remembered
    t += 10000;
    await both('[' + link(1000000) + ',' + list(5000000, 10) + ' '.repeat(1000000) + ']'); // 20,000 during fillMisses, then the output traps
    console.log(JSON.stringify({ out, told: told.length }));
  `;
  const result = JSON.parse(execFileSync(process.execPath, ['--wasm-max-mem-pages=300', '--input-type=module', '-e', script], { encoding: 'utf8' })) as { out: boolean[]; told: number };
  assert.equal(result.told, 1, 'the engine trapped');
  assert.deepEqual(result.out, Array<boolean>(11).fill(true));
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
