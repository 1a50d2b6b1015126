/**
 * `npm run bench:rewrite`: what rewriting the list workload's body costs on its own, in this process,
 * without HTTP: the one pass alone (locateJsonLinks: the links and the bounds) and the whole rewrite in mode `proxy` with
 * link reuse on, in JavaScript and by the WebAssembly engine (as the passthrough runs it), and an
 * answer that more than the rewrite reads (field extractor and rewrite, in one scan or two), on the
 * bench's 300-meeting list with Zoom-like short file tokens and with long ones (176 characters,
 * closer to real download URLs). Each case runs in
 * turn for 12 rounds of 2,000 rewrites; the first two rounds warm up and the median of the rest is
 * printed. A fresh copy of the body is rewritten each time (the rewrite writes over its input), and
 * that copy's cost is printed too.
 */
import { createLinkBuilder } from '../src/links/link-builder.js';
import { createLinkSigner } from '../src/links/link-signer.js';
import { extractJsonFields } from '../src/links/extract-json-fields.js';
import { locateJsonLinks, type LinkSpot } from '../src/links/locate-json-links.js';
import { createWasmLinkRewriter } from '../src/links/engine/wasm-link-rewriter.js';
import { defaultStartHosts } from '../src/config/config.js';
import { createHostMatcher } from '../src/http/host-matcher.js';
import { createJsLinkRewriter, rewriteLimits, type LinkRewriterOptions } from '../src/links/rewrite-links.js';
import { BENCH_HOST, meetingListJson, zakFor } from './upstream/zoom-bodies.js';

const PER_ROUND = 2_000;
const ROUNDS = 12;
const WARM_ROUNDS = 2;

const clock = (): number => Date.now();
const publicUrl = 'http://127.0.0.1:8080';
const links = createLinkBuilder(publicUrl, createLinkSigner('bench-link-secret-not-a-secret-0123456789', clock), { start: 86_400, download: 21_600 });
const options: LinkRewriterOptions = {
  mode: 'proxy',
  links,
  reuse: { clock, startMs: 60_000, downloadMs: 60_000 },
  publicUrl,
  webUrl: 'https://zoom.us',
  startHosts: createHostMatcher(defaultStartHosts('https://zoom.us')),
  zakOf: async () => 'unused',
  hostOfMeeting: async () => 'unused',
  zakConcurrency: 8,
};
const rewriter = createJsLinkRewriter(options);
const engine = createWasmLinkRewriter(options);
if (!engine) throw new Error('bench:rewrite: the link engine does not apply to these options');

const LIMITS = rewriteLimits();
function linksIn(body: Buffer): number {
  const spots: LinkSpot[] = [];
  locateJsonLinks(body, LIMITS, spots);
  return spots.length;
}

const short = meetingListJson('https://zoom.us', zakFor(BENCH_HOST.id, clock()), clock());
const long = short.replace(/\/rec\/download\/([\w-]+)/g, (_m, token: string) => `/rec/download/${token.repeat(8)}`);

interface Case {
  name: string;
  body: Buffer;
  run(copy: Buffer): unknown;
}
const cases: Case[] = [];
for (const [label, text] of [['short file tokens', short], ['long file tokens', long]] as const) {
  const body = Buffer.from(text);
  cases.push({ name: `copy of the body (${label})`, body, run: () => undefined });
  cases.push({ name: `the one pass alone, links and bounds (${label})`, body, run: (copy) => locateJsonLinks(copy, LIMITS, []) });
  cases.push({ name: `whole rewrite in JavaScript (${label})`, body, run: (copy) => rewriter.rewrite(copy, { inPlace: true }) });
  cases.push({ name: `whole rewrite by the WebAssembly engine (${label})`, body, run: (copy) => engine.rewrite(copy, { inPlace: true }) });
  // An answer more than the rewrite reads (a limited client's scope check, a recordings answer's owners).
  cases.push({ name: `the field extractor alone (${label})`, body, run: (copy) => extractJsonFields(copy, LIMITS) });
  cases.push({
    name: `two scans: the field extractor, then the engine's own (${label})`,
    body,
    run: (copy) => {
      extractJsonFields(copy, LIMITS);
      return engine.rewrite(copy, { inPlace: true });
    },
  });
  cases.push({
    name: `the engine's rewrite, then JSON.parse for the owners (${label})`,
    body,
    run: (copy) => {
      const out = engine.rewrite(copy);
      JSON.parse(copy.toString('utf8'));
      return out;
    },
  });
  cases.push({ name: `one scan: the field extractor's links spliced (${label})`, body, run: (copy) => engine.rewrite(copy, { inPlace: true, fields: extractJsonFields(copy, LIMITS) }) });
}

const copies = new Map(cases.map((c) => [c, Array.from({ length: 64 }, () => Buffer.from(c.body))]));
const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    const pool = copies.get(c) ?? [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) {
      const copy = pool[i % pool.length] as Buffer;
      c.body.copy(copy);
      await c.run(copy);
    }
    if (round >= WARM_ROUNDS) times.get(c)?.push(Number(process.hrtime.bigint() - started) / PER_ROUND / 1000);
  }
}

const lines = ['| per 300-meeting list (median of 10 rounds of 2,000) | bytes | links | µs |', '| --- | ---: | ---: | ---: |'];
for (const c of cases) {
  const sorted = [...(times.get(c) ?? [])].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  lines.push(`| ${c.name} | ${c.body.length.toLocaleString('en-US')} | ${linksIn(c.body)} | ${median.toFixed(0)} |`);
}
// Only the first rewrite of each body signs links (the reuse window is a minute): the engine handles it all.
if (engine.handedOver > 0) lines.push('', `(the engine handed ${engine.handedOver} rewrites to JavaScript: its row is not the engine's alone)`);
process.stdout.write(`${lines.join('\n')}\n`);
