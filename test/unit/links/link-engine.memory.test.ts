import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

/**
 * The engine's output region must have room for copyForward's over-write (up to 15 bytes past each
 * piece). The differential tests never place the output's end at the end of the wasm memory, so
 * dropping the `+ 16` of `ensureMemory(output + outLength + 16)` would survive them. Here the module
 * is driven directly and an answer is sized so that its output ends exactly on the last byte of the
 * memory the input and plan already made.
 */
interface Engine {
  memory: { buffer: ArrayBuffer };
  ownOffset(): number;
  setOwnLength(n: number): void;
  inputOffset(n: number): number;
  hasStartRoom(n: number): number;
  startAlloc(n: number): number;
  putStart(record: number, token: number, length: number): void;
  plannedLinks(): number;
  outputOffset(): number;
  rewrite(n: number, maxLinks: number, maxDepth: number): number;
}
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } } };
const wasmModule = new Wasm.Module(readFileSync(new URL('../../../src/links/engine/link-engine.wasm', import.meta.url)));
const PAGE = 65_536;
const TOKEN = Buffer.from(`"${'T'.repeat(36)}"`); // 38 bytes: not a multiple of 16, so its copy over-writes
const own = Buffer.from('https://proxy.example/');

function fresh(): Engine {
  const e = new Wasm.Instance(wasmModule, {}).exports as Engine;
  const at = e.ownOffset(); // before reading memory.buffer: the call grows the memory (detaching the old buffer)
  new Uint8Array(e.memory.buffer).set(own, at);
  e.setOwnLength(own.length);
  return e;
}
/** Rewrite `body` (one start link, id 1) with TOKEN as its signed link: the output and where it ended. */
function run(e: Engine, body: Buffer): { out: Buffer; end: number; inputEnd: number } {
  const input = e.inputOffset(body.length);
  new Uint8Array(e.memory.buffer).set(body, input);
  let length = e.rewrite(body.length, 10, 64);
  if (length === -2) {
    assert.ok(e.hasStartRoom(TOKEN.length));
    const at = e.startAlloc(TOKEN.length);
    new Uint8Array(e.memory.buffer).set(TOKEN, at);
    e.putStart(0, at, TOKEN.length);
    length = e.rewrite(body.length, 10, 64);
  }
  assert.ok(length > 0);
  return { out: Buffer.from(new Uint8Array(e.memory.buffer, e.outputOffset(), length)), end: e.outputOffset() + length, inputEnd: input + body.length + 16 };
}
const bodyOf = (pad: number) => Buffer.from(`${' '.repeat(pad)}"start_url":"http://a/s/1"`); // ends with the link: nothing copied after the token

test('an output that ends exactly where the memory ends is written without a trap', () => {
  const probe = fresh();
  let target: number | undefined;
  for (let pad = 0; pad < 3 * PAGE && target === undefined; pad++) {
    const { end, inputEnd } = run(probe, bodyOf(pad));
    // The memory before the splice: what ownOffset (the statics and tables) and inputOffset made.
    const before = Math.max(Math.ceil(inputEnd / PAGE), Math.ceil((inputEnd - pad - 26) / PAGE)) * PAGE;
    if (end === before) target = pad;
  }
  assert.ok(target !== undefined, 'a body length whose output ends on the memory end');
  const { out } = run(fresh(), bodyOf(target)); // with `ensureMemory(output + outLength)`: RuntimeError: memory access out of bounds
  assert.equal(out.toString(), `${' '.repeat(target)}"start_url":${TOKEN.toString()}`);
});
