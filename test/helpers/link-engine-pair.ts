import assert from 'node:assert/strict';
import { defaultStartHosts } from '../../src/config/config.js';
import { createHostMatcher } from '../../src/http/host-matcher.js';
import { createWasmLinkRewriter } from '../../src/links/engine/wasm-link-rewriter.js';
import { createLinkBuilder } from '../../src/links/link-builder.js';
import { createLinkSigner } from '../../src/links/link-signer.js';
import { createJsLinkRewriter, type LinkRewriterOptions } from '../../src/links/rewrite-links.js';
import { createManualClock } from './manual-clock.js';

/**
 * The WebAssembly link engine and the JavaScript rewriter it stands in for, made from the same
 * options with real signed links from one manual clock: `same` rewrites with both and asserts the
 * same bytes out (or both undefined).
 */

export const PUBLIC = 'https://proxy.example.com/zoom';
export const SECRET = 'wasm-engine-test-secret-0123456789abcdef';

export function pair({ startMs = 60_000, ...overrides }: Partial<LinkRewriterOptions> & { startMs?: number } = {}) {
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
    reference,
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
export function meetingPage(count: number, firstId = 81_234_567_891, fileToken = (i: number) => `FiLe-${i}_tOkEn`): string {
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
