import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultStartHosts } from '../../../src/config/config.js';
import { createHostMatcher } from '../../../src/http/host-matcher.js';
import { extractJsonFields } from '../../../src/links/extract-json-fields.js';
import { createJsLinkRewriter, type LinkRewriterOptions } from '../../../src/links/rewrite-links.js';

const PUBLIC = 'https://proxy.example.com';

/** A ZAK-shaped JWT of `uid` (the signature is not checked by anyone here). */
const zakOf = (uid: string, n = 0): string => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ uid, n })).toString('base64url')}.sig`;

function rewriter(overrides: Partial<LinkRewriterOptions> = {}) {
  const minted: string[] = [];
  const fallbacks: string[] = [];
  let running = 0;
  let peak = 0;
  const options: LinkRewriterOptions = {
    mode: 'proxy',
    publicUrl: PUBLIC,
    webUrl: 'https://zoom.us',
    startHosts: createHostMatcher(defaultStartHosts('https://zoom.us')),
    links: { startLink: (id) => `${PUBLIC}/start/${id}?sig`, downloadLink: (url) => `${PUBLIC}/download/${encodeURIComponent(url)}?sig` },
    zakOf: async (user) => {
      minted.push(user);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (user === 'GONE') throw new Error('no such user');
      return `FRESH-${user}`;
    },
    hostOfMeeting: async (id) => (id === '404' ? Promise.reject(new Error('unknown meeting')) : `HOST-OF-${id}`),
    zakConcurrency: 2,
    onFallback: (reason) => fallbacks.push(reason),
    ...overrides,
  };
  const r = createJsLinkRewriter(options);
  return {
    options,
    minted,
    fallbacks,
    peak: () => peak,
    run: async (doc: unknown) => {
      const body = Buffer.from(JSON.stringify(doc));
      const out = await r.rewrite(body);
      return out === undefined ? undefined : (JSON.parse(out.toString()) as Record<string, unknown>);
    },
  };
}

test('proxy mode: start_url becomes the signed /start link of its meeting, download_url a signed download link', async () => {
  const { run } = rewriter();
  const out = await run({
    id: 85012345678,
    start_url: 'https://us05web.zoom.us/s/85012345678?zak=OLD',
    join_url: 'https://us05web.zoom.us/j/85012345678?pwd=x',
    recording_files: [{ download_url: 'https://zoom.us/rec/download/abc', play_url: 'https://zoom.us/rec/play/abc' }],
  });
  assert.deepEqual(out, {
    id: 85012345678,
    start_url: `${PUBLIC}/start/85012345678?sig`,
    join_url: 'https://us05web.zoom.us/j/85012345678?pwd=x',
    recording_files: [{ download_url: `${PUBLIC}/download/${encodeURIComponent('https://zoom.us/rec/download/abc')}?sig`, play_url: 'https://zoom.us/rec/play/abc' }],
  });
});

test('proxy mode: a start_url without /s/{id} uses the id of its object; with neither it is left alone', async () => {
  const { run, fallbacks } = rewriter();
  assert.deepEqual(await run({ id: 42, start_url: 'https://zoom.us/start?confno=42' }), { id: 42, start_url: `${PUBLIC}/start/42?sig` });
  assert.equal(await run({ start_url: 'https://zoom.us/start?confno=42' }), undefined);
  assert.deepEqual(fallbacks, ['no_meeting_id']);
});

test('the fields a caller extracted already (a scope check) give the object of an id-less start_url: not extracted again', async () => {
  const r = createJsLinkRewriter({ ...rewriter().options, mode: 'fresh-zak' });
  const body = Buffer.from('{"id":42,"host_id":"H1","start_url":"https://zoom.us/start?confno=42"}');
  const fields = extractJsonFields(body);
  const hit = fields.hits[0];
  assert.ok(hit);
  // A stand-in owner proves which extraction the rewrite read: the caller's.
  hit.ownerHostId = 'FROM-CALLER';
  const out = await r.rewrite(Buffer.from(body), { fields });
  assert.match(String(out), /zak=FRESH-FROM-CALLER/);
});

test('nothing to rewrite gives undefined: no links, links already on publicUrl, non-URL values', async () => {
  const { run } = rewriter();
  assert.equal(await run({ id: 1, join_url: 'https://zoom.us/j/1' }), undefined);
  assert.equal(await run({ start_url: `${PUBLIC}/start/1?sig`, download_url: `${PUBLIC}/download/x?sig` }), undefined);
  assert.equal(await run({ start_url: '', download_url: 'not a url', x: { download_url: 'zoommtg://zoom.us/x' } }), undefined);
});

test('fresh-zak mode: the host comes from the object, never the uid of the ZAK in the URL; meetings of one host share one mint, the rest of the URL is kept', async () => {
  const { run, minted } = rewriter({ mode: 'fresh-zak' });
  const meetings = [1, 2, 3].map((id) => ({ id, host_id: 'ALICE', start_url: `https://us05web.zoom.us/s/${id}?zak=${zakOf('MALLORY', id)}&lang=de` }));
  const out = (await run({ meetings })) as { meetings: Array<{ start_url: string }> };
  assert.deepEqual(minted, ['ALICE']);
  for (const [i, m] of out.meetings.entries()) {
    const url = new URL(m.start_url);
    assert.equal(url.origin + url.pathname, `https://us05web.zoom.us/s/${i + 1}`);
    assert.equal(url.searchParams.get('zak'), 'FRESH-ALICE');
    assert.equal(url.searchParams.get('lang'), 'de');
  }
});

test('fresh-zak mode: host from the object, else looked up (a ZAK in the URL is no help); mints bounded', async () => {
  const { run, minted, peak } = rewriter({ mode: 'fresh-zak' });
  const out = (await run({
    meetings: [
      { id: 1, host_id: 'H1', start_url: 'https://zoom.us/s/1?zak=opaque' },
      { id: 2, host_id: 'H2', start_url: 'https://zoom.us/s/2' },
      { id: 3, start_url: `https://zoom.us/s/3?zak=${zakOf('MALLORY')}` },
      { id: 4, host_id: 'H4', start_url: 'https://zoom.us/s/4' },
      { id: 5, host_id: 'H5', start_url: 'https://zoom.us/s/5' },
    ],
  })) as { meetings: Array<{ start_url: string }> };
  assert.deepEqual(new Set(minted), new Set(['H1', 'H2', 'HOST-OF-3', 'H4', 'H5']));
  assert.equal(minted.length, 5);
  assert.ok(peak() <= 2, `at most zakConcurrency mints at once, saw ${peak()}`);
  assert.equal(new URL(out.meetings[2]?.start_url ?? '').searchParams.get('zak'), 'FRESH-HOST-OF-3');
});

test('fresh-zak mode: a start_url on a host outside zoom.startHosts is left as it was, reported once, and no ZAK is minted for it', async () => {
  const { run, minted, fallbacks } = rewriter({ mode: 'fresh-zak' });
  const doc = {
    meetings: [
      { id: 1, host_id: 'H1', start_url: 'https://evil.example/s/1?zak=OLD' },
      { id: 2, host_id: 'H1', start_url: 'https://zoom.us.evil.example/s/2' },
      { id: 3, host_id: 'H3', start_url: 'https://eu01web.zoom.us/s/3' },
    ],
  };
  const out = (await run(doc)) as { meetings: Array<{ start_url: string }> };
  assert.deepEqual(minted, ['H3']);
  assert.equal(out.meetings[0]?.start_url, 'https://evil.example/s/1?zak=OLD');
  assert.equal(out.meetings[1]?.start_url, 'https://zoom.us.evil.example/s/2');
  assert.equal(out.meetings[2]?.start_url, 'https://eu01web.zoom.us/s/3?zak=FRESH-H3');
  assert.deepEqual(fallbacks, ['start_host_refused']);
});

test('fresh-zak mode: when no ZAK can be had the link is still fresh: the signed /start link', async () => {
  const { run, fallbacks } = rewriter({ mode: 'fresh-zak' });
  const out = await run({
    meetings: [
      { id: 7, host_id: 'GONE', start_url: 'https://zoom.us/s/7' },
      { id: 404, start_url: 'https://zoom.us/s/404' },
    ],
  });
  assert.deepEqual(out, { meetings: [{ id: 7, host_id: 'GONE', start_url: `${PUBLIC}/start/7?sig` }, { id: 404, start_url: `${PUBLIC}/start/404?sig` }] });
  assert.deepEqual(fallbacks, ['no_zak'], 'reported once per answer');
});

test('the bytes between links are copied as they are: spacing, key order, number spelling, escapes', async () => {
  const r = createJsLinkRewriter({
    mode: 'proxy',
    publicUrl: PUBLIC,
    webUrl: 'https://zoom.us',
    startHosts: createHostMatcher(defaultStartHosts('https://zoom.us')),
    links: { startLink: (id) => `${PUBLIC}/start/${id}`, downloadLink: () => `${PUBLIC}/download/x` },
    zakOf: () => Promise.reject(new Error('unused')),
    hostOfMeeting: () => Promise.reject(new Error('unused')),
    zakConcurrency: 1,
  });
  const text = '{ "z":1.50E+2 ,"start_url" : "https://zoom.us/s/9" ,\n "t":"caf\\u00e9 \\/", "download_url":"https://zoom.us/rec/download/d"}';
  const body = Buffer.from(text);
  const out = await r.rewrite(body);
  assert.equal(out?.toString(), `{ "z":1.50E+2 ,"start_url" : "${PUBLIC}/start/9" ,\n "t":"caf\\u00e9 \\/", "download_url":"${PUBLIC}/download/x"}`);
});

function reusingRewriter() {
  const signed: string[] = [];
  const r = createJsLinkRewriter({
    mode: 'proxy',
    publicUrl: PUBLIC,
    webUrl: 'https://zoom.us',
    startHosts: createHostMatcher(defaultStartHosts('https://zoom.us')),
    links: {
      startLink: (id) => `${PUBLIC}/start/${id}?sig`,
      downloadLink: (url) => {
        signed.push(url);
        return `${PUBLIC}/download/${encodeURIComponent(url)}?sig=${signed.length}`;
      },
    },
    reuse: { clock: () => 1_000, startMs: 60_000, downloadMs: 60_000 },
    zakOf: async () => 'unused',
    hostOfMeeting: async () => 'unused',
    zakConcurrency: 1,
  });
  const rewrite = async (doc: string, inPlace: boolean): Promise<string[]> => {
    const out = await r.rewrite(Buffer.from(doc), { inPlace });
    return (JSON.parse(String(out)) as { files: Array<{ download_url: string }> }).files.map((f) => f.download_url);
  };
  /** The Zoom URL a link on the proxy stands for. */
  const target = (link: string): string => decodeURIComponent(new URL(link).pathname.split('/')[2] ?? '');
  return { signed, rewrite, target };
}

test('reuse: a download_url seen again is not signed again, also after the body it came in was written over in place', async () => {
  const { signed, rewrite } = reusingRewriter();
  // The long ZAK-bearing start_url ahead makes room, so the new links are written over this body
  // itself, and the bytes after them move over where Zoom's download_url was.
  const doc = JSON.stringify({
    start_url: `https://zoom.us/s/123?zak=${'Z'.repeat(400)}`,
    files: [{ download_url: 'https://zoom.us/rec/download/abcDEF' }],
    topic: 'T'.repeat(600),
  });
  const first = await rewrite(doc, true);
  const second = await rewrite(doc, true);
  assert.deepEqual(signed, ['https://zoom.us/rec/download/abcDEF']);
  assert.deepEqual(second, first);
});

test('reuse: download_urls that get one cache key still get a link each to their own file', async () => {
  const { rewrite, target } = reusingRewriter();
  // 200 bytes: the key samples every third byte from the last back, so URLs that differ only in
  // their second-to-last byte share it.
  const prefix = 'https://zoom.us/rec/download/';
  const urls = ['a', 'b', 'c'].map((c) => `${prefix}${'X'.repeat(200 - prefix.length - 2)}${c}Z`);
  const doc = JSON.stringify({ files: urls.map((u) => ({ download_url: u })) });
  for (let round = 0; round < 2; round++) assert.deepEqual((await rewrite(doc, round === 0)).map(target), urls);
  // The same file written with escapes (`\/`): other bytes, the same link target.
  const escaped = JSON.stringify({ files: [{ download_url: urls[0] }] }).replaceAll('/', '\\/');
  assert.deepEqual((await rewrite(escaped, false)).map(target), [urls[0]]);
});

test('reuse: download_urls that share a long ending (a common query) are each remembered', async () => {
  const { signed, rewrite, target } = reusingRewriter();
  const query = `?access_token=${'q'.repeat(300)}`;
  const urls = ['first', 'second', 'third'].map((file) => `https://zoom.us/rec/download/${file}Token${query}`);
  const doc = JSON.stringify({ files: urls.map((u) => ({ download_url: u })) });
  for (let round = 0; round < 2; round++) assert.deepEqual((await rewrite(doc, false)).map(target), urls);
  assert.equal(signed.length, 3, 'signed once each, not again in the second answer');
});
