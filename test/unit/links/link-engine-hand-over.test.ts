import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLinkBuilder } from '../../../src/links/link-builder.js';
import { createLinkSigner } from '../../../src/links/link-signer.js';
import { createManualClock } from '../../helpers/manual-clock.js';
import { SECRET, meetingPage, pair } from '../../helpers/link-engine-pair.js';

/**
 * When the WebAssembly link engine does not apply (mode fresh-zak, reuse off, a publicUrl it cannot
 * hold) and when it hands answers to JavaScript: synchronously or not, and for good once it traps.
 */

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
