import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PUBLIC, pair } from '../../helpers/link-engine-pair.js';

/**
 * The WebAssembly link engine against the JavaScript rewriter on generated input: JSON documents,
 * any bytes at all, and answers with the clock moving between them.
 */

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
