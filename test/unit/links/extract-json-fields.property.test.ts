import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { locateJsonLinks, type LinkSpot } from '../../../src/links/locate-json-links.js';
import { defaultStartHosts } from '../../../src/config/config.js';
import { createHostMatcher } from '../../../src/http/host-matcher.js';
import { createJsLinkRewriter } from '../../../src/links/rewrite-links.js';
import { extractJsonFields } from '../../../src/links/extract-json-fields.js';

/**
 * Properties of the scanner, the locator and the rewriter over generated documents: whatever the
 * input, nothing throws; on JSON the scanner agrees with JSON.parse and the locator with the scanner;
 * rewriting changes the links and nothing else, and a second pass changes nothing.
 */

const PUBLIC = 'https://proxy.example.com';

/** Every link value the locator finds, no bound applied. */
function spotsOf(buf: Buffer): LinkSpot[] {
  const spots: LinkSpot[] = [];
  locateJsonLinks(buf, { maxLinks: Number.POSITIVE_INFINITY, maxDepth: Number.POSITIVE_INFINITY }, spots);
  return spots;
}
const rewriter = createJsLinkRewriter({
  mode: 'proxy',
  publicUrl: PUBLIC,
  webUrl: 'https://zoom.us',
  startHosts: createHostMatcher(defaultStartHosts('https://zoom.us')),
  // Deterministic stand-ins for the signed links: what matters here is where they go.
  links: {
    startLink: (id) => `${PUBLIC}/start/${id}?exp=1&sig=s`,
    downloadLink: (url) => `${PUBLIC}/download/${Buffer.from(url).toString('base64url')}?exp=1&sig=s`,
  },
  zakOf: () => Promise.reject(new Error('not in proxy mode')),
  hostOfMeeting: () => Promise.reject(new Error('not in proxy mode')),
  zakConcurrency: 4,
});

const zoomUrl = fc.oneof(
  fc.integer({ min: 1_000_000_000, max: 99_999_999_999 }).map((id) => `https://us05web.zoom.us/s/${id}?zak=eyJ.${id}.sig`),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `https://zoom.us/rec/download/${s}`),
  fc.string({ maxLength: 10 }),
);

/** JSON values where objects often carry start_url / download_url / id / host_id keys. */
const { doc } = fc.letrec((tie) => ({
  doc: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
  leaf: fc.oneof(fc.string({ unit: 'grapheme' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null)),
  array: fc.array(tie('doc'), { maxLength: 4 }),
  object: fc
    .record(
      {
        start_url: zoomUrl,
        download_url: zoomUrl,
        id: fc.oneof(fc.integer({ min: 1, max: 99_999_999_999 }), fc.string({ maxLength: 6 })),
        host_id: fc.string({ maxLength: 8 }),
      },
      { requiredKeys: [] },
    )
    .chain((links) => fc.dictionary(fc.string({ maxLength: 8 }), tie('doc'), { maxKeys: 3 }).map((rest) => ({ ...rest, ...links }))),
}));

/** Documents written compactly or with whitespace, and with non-ASCII left raw or \u-escaped. */
const text = fc.tuple(doc, fc.constantFrom(undefined, 1, '\t'), fc.boolean()).map(([value, space, asciiOnly]) => {
  const json = JSON.stringify(value, null, space) ?? 'null';
  return asciiOnly ? json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
});

/** Replace every link value in a parsed document, the way the rewriter should have. */
function expected(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expected);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const owner = (value as Record<string, unknown>).id;
  const ownerId = typeof owner === 'number' ? JSON.stringify(owner) : typeof owner === 'string' ? owner : undefined;
  for (const [key, item] of Object.entries(value)) {
    let next = expected(item);
    const isLink = typeof item === 'string' && /^https?:\/\/[^/?#\s]/i.test(item) && !item.startsWith(`${PUBLIC}/`);
    if (key === 'start_url' && isLink) {
      const id = /^https?:\/\/[^/?#]+\/s\/(\d{1,19})(?:[/?#]|$)/i.exec(item)?.[1] ?? (ownerId !== undefined && /^\d{1,19}$/.test(ownerId) ? ownerId : undefined);
      if (id !== undefined) next = `${PUBLIC}/start/${id}?exp=1&sig=s`;
    } else if (key === 'download_url' && isLink) {
      next = `${PUBLIC}/download/${Buffer.from(item).toString('base64url')}?exp=1&sig=s`;
    }
    // defineProperty: a generated "__proto__" key stays an own property, as JSON.parse makes it.
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)),
  text.map((t) => Buffer.from(t)),
  fc.array(fc.constantFrom('"start_url"', '"download_url"', ':', ' ', '"', '\\', 'http://x', '{', '}', '_url"', 'a'), { maxLength: 30 }).map((p) => Buffer.from(p.join(''))),
);

test('no input makes the scanner or the locator throw; spots stay inside the body, in order', () => {
  fc.assert(
    fc.property(anyBytes, (bytes) => {
      const buf = Buffer.from(bytes);
      const result = extractJsonFields(buf);
      if (!result.valid) assert.equal(result.hits.length, 0);
      let last = 0;
      for (const spot of spotsOf(buf)) {
        assert.ok(spot.start >= last && spot.end > spot.start + 1 && spot.end <= buf.length);
        assert.equal(buf[spot.start], 0x22);
        assert.equal(buf[spot.end - 1], 0x22);
        last = spot.end;
      }
    }),
    { numRuns: 3_000 },
  );
});

test('on anything at all, rewriting never throws and changes nothing outside the spots it located', async () => {
  await fc.assert(
    fc.asyncProperty(anyBytes, async (bytes) => {
      const buf = Buffer.from(bytes);
      const out = await rewriter.rewrite(buf);
      if (out === undefined) return;
      const spots = spotsOf(buf);
      let from = 0;
      let outAt = 0;
      for (const spot of spots) {
        const kept = buf.subarray(from, spot.start);
        assert.deepEqual(out.subarray(outAt, outAt + kept.length), kept);
        outAt += kept.length;
        const rest = out.subarray(outAt);
        // The spot is either unchanged or a new JSON string.
        const sameSpot = buf.subarray(spot.start, spot.end);
        if (rest.subarray(0, sameSpot.length).equals(sameSpot)) outAt += sameSpot.length;
        else outAt = outAt + 1 + rest.subarray(1).indexOf(0x22) + 1;
        from = spot.end;
      }
      assert.deepEqual(out.subarray(outAt), buf.subarray(from));
    }),
    { numRuns: 2_000 },
  );
});

test('on JSON the locator finds exactly what the full scan finds', () => {
  fc.assert(
    fc.property(text, (json) => {
      const buf = Buffer.from(json, 'utf8');
      const spots = spotsOf(buf).map((s) => [s.kind, s.start, s.end]);
      assert.deepEqual(spots, extractJsonFields(buf).hits.map((h) => [h.kind, h.start, h.end]));
    }),
    { numRuns: 1_000 },
  );
});

test('a mutilated document never throws and, when the scanner rejects it, JSON.parse does too', () => {
  fc.assert(
    fc.property(text, fc.nat(), fc.nat({ max: 5 }), fc.constantFrom('', '"', '\\', '{', '}', '[', ']', ',', ':', '1', 'e', '-', ' '), (json, at, cut, insert) => {
      const i = at % (json.length + 1);
      const broken = json.slice(0, i) + insert + json.slice(i + cut);
      const result = extractJsonFields(Buffer.from(broken, 'utf8'));
      let parses = true;
      try {
        JSON.parse(broken);
      } catch {
        parses = false;
      }
      if (parses) assert.equal(result.valid, true, broken);
      if (!result.valid) assert.equal(parses, false, broken);
    }),
    { numRuns: 2_000 },
  );
});

test('on any JSON the scanner agrees with JSON.parse: valid, and every link value found', () => {
  fc.assert(
    fc.property(text, (json) => {
      const buf = Buffer.from(json, 'utf8');
      const result = extractJsonFields(buf);
      assert.equal(result.valid, true);
      for (const hit of result.hits) assert.equal(JSON.parse(buf.subarray(hit.start, hit.end).toString('utf8')), hit.url);
    }),
    { numRuns: 1_000 },
  );
});

test('rewriting changes the links and nothing else, byte for byte, and a second pass changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(text, async (json) => {
      const buf = Buffer.from(json, 'utf8');
      const scan = extractJsonFields(buf);
      const out = (await rewriter.rewrite(buf)) ?? buf;
      assert.deepEqual(JSON.parse(out.toString('utf8')), expected(JSON.parse(json)));

      // Outside the rewritten tokens every byte is the original one.
      const again = extractJsonFields(out);
      assert.equal(again.hits.length, scan.hits.length);
      let from = 0;
      let outFrom = 0;
      for (const [k, hit] of scan.hits.entries()) {
        const outHit = again.hits[k];
        assert.ok(outHit);
        assert.deepEqual(out.subarray(outFrom, outHit.start), buf.subarray(from, hit.start));
        from = hit.end;
        outFrom = outHit.end;
      }
      assert.deepEqual(out.subarray(outFrom), buf.subarray(from));

      // Idempotent: the proxy's own links are left alone.
      assert.equal(await rewriter.rewrite(out), undefined);
    }),
    { numRuns: 500 },
  );
});
