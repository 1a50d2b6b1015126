import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkBuilder } from '../../../src/links/link-builder.js';
import { createLinkMemory, reuseSecondsFor } from '../../../src/links/link-memory.js';
import { createLinkSigner } from '../../../src/links/link-signer.js';
import { createJsLinkRewriter } from '../../../src/links/rewrite-links.js';
import { createManualClock } from '../../helpers/manual-clock.js';

const PUBLIC = 'https://p.example.com';

test('the same link is handed out again within the reuse window, a new one after it', () => {
  const clock = createManualClock(1_700_000_000_000);
  const links = createLinkBuilder(PUBLIC, createLinkSigner('s'.repeat(32), clock.now), { start: 86_400, download: 21_600 });
  const memory = createLinkMemory(links, { clock: clock.now, startMs: 60_000, downloadMs: 60_000 });
  const first = memory.startLink('123');
  clock.advance(30_000);
  assert.equal(memory.startLink('123'), first);
  assert.notEqual(memory.startLink('456'), first);
  assert.equal(memory.downloadLink('https://zoom.us/rec/download/a'), links.downloadLink('https://zoom.us/rec/download/a'));
  clock.advance(31_000);
  const later = memory.startLink('123');
  assert.notEqual(later, first, 'after the window a link with a later expiry');
  assert.equal(later, links.startLink('123'));
});

test('the window is a tenth of the TTL, at most a minute; 0 turns reuse off', () => {
  assert.equal(reuseSecondsFor(86_400), 60);
  assert.equal(reuseSecondsFor(300), 30);
  assert.equal(reuseSecondsFor(9), 0);
  const clock = createManualClock(1_700_000_000_000);
  let signed = 0;
  const memory = createLinkMemory({ startLink: (id) => `${id}#${++signed}`, downloadLink: (u) => `${u}#${++signed}` }, { clock: clock.now, startMs: 0, downloadMs: 0 });
  assert.notEqual(memory.startLink('1'), memory.startLink('1'));
  assert.notEqual(memory.downloadLink('u'), memory.downloadLink('u'));
});

test('a link handed out one at a time and the same link in a rewritten answer are one link: one memory', async () => {
  const clock = createManualClock(1_700_000_000_000);
  let signed = 0;
  const links = { startLink: (id: string) => `${PUBLIC}/start/${id}?n=${++signed}`, downloadLink: (u: string) => `${PUBLIC}/download/${Buffer.from(u).toString('base64url')}?n=${++signed}` };
  const memory = createLinkMemory(links, { clock: clock.now, startMs: 60_000, downloadMs: 60_000 });
  const rewriter = createJsLinkRewriter(
    {
      mode: 'proxy',
      links,
      publicUrl: PUBLIC,
      webUrl: 'https://zoom.us',
      startHosts: () => true,
      zakOf: () => Promise.reject(new Error('not in proxy mode')),
      hostOfMeeting: () => Promise.reject(new Error('not in proxy mode')),
      zakConcurrency: 1,
    },
    memory,
  );
  const start = memory.startLink('81234567891');
  const download = memory.downloadLink('https://zoom.us/rec/download/a?x="q"');
  const answer = Buffer.from(JSON.stringify({ start_url: 'https://zoom.us/s/81234567891?zak=Z', download_url: 'https://zoom.us/rec/download/a?x="q"' }));
  const out = JSON.parse(String(await rewriter.rewrite(answer))) as { start_url: string; download_url: string };
  assert.deepEqual(out, { start_url: start, download_url: download });
  assert.equal(signed, 2, 'each signed once');
});
