import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createWasmLinkRewriter } from '../../../src/links/engine/wasm-link-rewriter.js';
import { extractJsonFields } from '../../../src/links/extract-json-fields.js';
import { REWRITE_MAX_DEPTH, locateJsonLinks, type AnswerBounds } from '../../../src/links/locate-json-links.js';
import { createJsLinkRewriter, type LinkRewriterOptions, type OverLimit } from '../../../src/links/rewrite-links.js';

/**
 * The bounds past which an answer is not rewritten, checked in the rewrite's one pass: in JavaScript
 * (locate-json-links.ts) and in the WebAssembly engine (`rewrite` in link-engine.as.ts), the same
 * verdict on every input; both rewriters leave an answer past them untouched and say why; the field
 * extractor stops at the same bounds on JSON.
 */

const PUBLIC = 'https://proxy.example.com';
const BOUNDS: AnswerBounds = { maxLinks: 3, maxDepth: 4 };

function options(limits: LinkRewriterOptions['limits']): LinkRewriterOptions {
  return {
    mode: 'proxy',
    publicUrl: PUBLIC,
    webUrl: 'https://zoom.us',
    startHosts: () => true,
    links: { startLink: (id) => `${PUBLIC}/start/${id}?sig`, downloadLink: (url) => `${PUBLIC}/download/${Buffer.from(url).toString('base64url')}?sig` },
    reuse: { clock: () => 1_795_000_000_000, startMs: 60_000, downloadMs: 60_000 },
    zakOf: () => Promise.reject(new Error('not in proxy mode')),
    hostOfMeeting: () => Promise.reject(new Error('not in proxy mode')),
    zakConcurrency: 1,
    limits,
  };
}

const wasm = createWasmLinkRewriter(options(BOUNDS));

/** The engine's verdict, through its rewrite (JavaScript's when the engine hands the answer over). */
async function engineVerdict(text: string): Promise<OverLimit | undefined> {
  let told: OverLimit | undefined;
  await wasm?.rewrite(Buffer.from(text), { onOverLimit: (limit) => (told = limit) });
  return told;
}
const verdicts = async (text: string): Promise<[string | undefined, string | undefined]> => [locateJsonLinks(Buffer.from(text), BOUNDS), await engineVerdict(text)];

test('nesting: at the bound passes, one level more does not; brackets in strings and escaped quotes do not count', async () => {
  assert.ok(wasm, 'the engine applies');
  const handedOver = wasm.handedOver;
  const cases: Array<[string, string | undefined]> = [
    ['[[[[1]]]]', undefined],
    ['[[[[[1]]]]]', 'depth'],
    ['{"a":{"b":[{"c":1}]}}', undefined],
    ['{"a":{"b":[{"c":[1]}]}}', 'depth'],
    ['[[["[[[[[[", "\\"[[[[[["]]]', undefined],
    ['[[["\\\\"],[[[1]]]]]', 'depth'], // an escaped backslash, then the string ends: the brackets after it count
    ['[1],[2],[3],[4],[5],[6]', undefined], // siblings are not depth
    [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'depth'],
    ['"[[[[[[[[', undefined], // an unterminated string: nothing after it counts
  ];
  for (const [text, want] of cases) assert.deepEqual(await verdicts(text), [want, want], text.slice(0, 40));
  assert.equal(wasm.handedOver, handedOver, 'the engine decided each itself');
});

test('links: start_url and download_url keys are counted, not other keys, nor those words as values', async () => {
  const cases: Array<[string, string | undefined]> = [
    ['[{"start_url":"a"},{"download_url":"b"},{"start_url":1}]', undefined],
    ['[{"start_url":"a"},{"download_url":"b"},{"start_url":1},{"download_url" : null}]', 'links'],
    ['["start_url","start_url","start_url","start_url"]', undefined],
    ['[{"join_url":1,"play_url":2,"start_urls":3,"xstart_url":4,"start_url":5}]', undefined],
    ['[{"a":"\\"start_url\\":1,\\"start_url\\":2,\\"start_url\\":3,\\"start_url\\":4"}]', undefined],
  ];
  for (const [text, want] of cases) assert.deepEqual(await verdicts(text), [want, want], text);
});

test('on generated text and JSON the engine and JavaScript give the same verdict', async () => {
  const json = fc.jsonValue({ maxDepth: 8 }).map((v) => JSON.stringify(v));
  const linky = fc.array(fc.constantFrom('{', '}', '[', ']', '"', '\\', '"start_url"', '"download_url"', ':', ' ', ',', 'x', '1'), { maxLength: 60 }).map((a) => a.join(''));
  await fc.assert(
    fc.asyncProperty(fc.oneof(json, linky, fc.string()), async (text) => {
      const [js, engine] = await verdicts(text);
      assert.equal(engine, js, text);
    }),
    { numRuns: 3000 },
  );
});

test('both rewriters leave an answer past a bound untouched and say which; within them they rewrite', async () => {
  const javascript = createJsLinkRewriter(options(BOUNDS));
  const inside = '[{"start_url":"https://zoom.us/s/1"}]';
  for (const rewriter of [javascript, wasm]) {
    assert.ok(rewriter);
    for (const [text, want] of [
      ['[{"start_url":"https://zoom.us/s/1"},{"start_url":"https://zoom.us/s/2"},{"start_url":"https://zoom.us/s/3"},{"start_url":"https://zoom.us/s/4"}]', 'links'],
      ['[[[[[{"start_url":"https://zoom.us/s/1"}]]]]]', 'depth'],
    ] as const) {
      const told: OverLimit[] = [];
      assert.equal(await rewriter.rewrite(Buffer.from(text), { onOverLimit: (limit) => told.push(limit) }), undefined, text);
      assert.deepEqual(told, [want]);
    }
    assert.equal((await rewriter.rewrite(Buffer.from(inside)))?.toString(), `[{"start_url":"${PUBLIC}/start/1?sig"}]`);
  }
});

test('both rewriters leave an answer untouched when its rewrite would be larger than maxOutputBytes', async () => {
  const text = '[{"download_url":"https://zoom.us/rec/download/a"}]';
  const grown = `[{"download_url":"${PUBLIC}/download/${Buffer.from('https://zoom.us/rec/download/a').toString('base64url')}?sig"}]`;
  for (const make of [createJsLinkRewriter, createWasmLinkRewriter]) {
    const small = make(options({ ...BOUNDS, maxOutputBytes: grown.length - 1 }));
    const enough = make(options({ ...BOUNDS, maxOutputBytes: grown.length }));
    const told: OverLimit[] = [];
    assert.equal(await small?.rewrite(Buffer.from(text), { onOverLimit: (limit) => told.push(limit) }), undefined);
    assert.deepEqual(told, ['output']);
    assert.equal((await enough?.rewrite(Buffer.from(text)))?.toString(), grown);
  }
});

test('the default nesting bound is 64', () => {
  assert.equal(REWRITE_MAX_DEPTH, 64);
  const bounds = { maxLinks: 10, maxDepth: REWRITE_MAX_DEPTH };
  assert.equal(locateJsonLinks(Buffer.from(`${'['.repeat(64)}${']'.repeat(64)}`), bounds), undefined);
  assert.equal(locateJsonLinks(Buffer.from(`${'['.repeat(65)}${']'.repeat(65)}`), bounds), 'depth');
});

test('on JSON the field extractor stops at the bound the rewrite would, and only then', () => {
  const json = fc.jsonValue({ maxDepth: 8 }).map((v) => JSON.stringify(v));
  const linky = fc
    .array(fc.constantFrom('{"start_url":"https://zoom.us/s/1"}', '{"download_url":null}', '[[[1]]]', '{"a":[{"b":[1]}]}', '"start_url"'), { maxLength: 12 })
    .map((parts) => `[${parts.join(',')}]`);
  fc.assert(
    fc.property(fc.oneof(json, linky), (text) => {
      const fields = extractJsonFields(Buffer.from(text), BOUNDS);
      assert.equal(fields.over, locateJsonLinks(Buffer.from(text), BOUNDS), text);
      if (fields.over === undefined) assert.equal(fields.valid, true);
    }),
    { numRuns: 2000 },
  );
});
