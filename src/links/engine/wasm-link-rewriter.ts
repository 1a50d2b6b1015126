import { readFileSync } from 'node:fs';
import type { LinkRewriter, LinkRewriterOptions } from '../rewrite-links.js';
import { jsonToken } from '../rewrite-links.js';

/** The little of the WebAssembly API used here (TypeScript's lib has it only with the DOM). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

/** The exports of link-engine.as.ts (see there for what each does). */
interface LinkEngine {
  memory: { buffer: ArrayBuffer };
  ownOffset(): number;
  ownCapacity(): number;
  setOwnLength(length: number): void;
  inputOffset(length: number): number;
  reset(): void;
  hasRoom(bytes: number): number;
  arenaAlloc(bytes: number): number;
  planOffset(): number;
  plannedLinks(): number;
  outputOffset(): number;
  resolved(record: number): number;
  putStart(record: number, token: number, length: number): void;
  putDownload(record: number, token: number, length: number): void;
  rewrite(length: number): number;
}

const MISSES = -2;
const NEEDS_JS = -1;
const MISS_START = 3;
const MISS_DOWNLOAD = 4;
const PLAN_RECORD_WORDS = 5;
/** Larger answers are left to JavaScript: the engine's memory (about twice the largest answer) is never given back. */
const MAX_BODY = 2 * 1024 * 1024;

let compiled: object | undefined;
function engineModule(): object {
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./link-engine.wasm', import.meta.url)));
  return compiled;
}

/**
 * The link rewrite of rewrite-links.ts, done by the WebAssembly engine (link-engine.as.ts) where it
 * can and by `fallback` (the JavaScript rewriter made with the same options) where it cannot: an
 * escaped link, a start URL of another shape, an answer over 2 MiB. The output is byte for byte the
 * JavaScript rewriter's (a differential test holds them together). Only for mode `proxy` with link
 * reuse on (undefined otherwise): the engine's speed is its tables of links already signed.
 * Both reuse windows end together, at the shorter one's end. Should the engine fail to load,
 * `onUnavailable` hears why and every answer goes to `fallback`.
 */
export function createWasmLinkRewriter(
  options: LinkRewriterOptions,
  fallback: LinkRewriter,
  onUnavailable?: (err: unknown) => void,
): LinkRewriter | undefined {
  const reuse = options.reuse;
  if (options.mode !== 'proxy' || !reuse || reuse.startMs <= 0 || reuse.downloadMs <= 0) return undefined;
  const own = Buffer.from(`${options.publicUrl.replace(/\/+$/, '')}/`, 'utf8');
  const windowMs = Math.min(reuse.startMs, reuse.downloadMs);
  const { links } = options;

  // Made at the first answer: a wasm memory reserves much address space, so none for an idle rewriter.
  let engine: LinkEngine | undefined;
  let unavailable = false;
  let opened = 0;
  const start = (): LinkEngine | undefined => {
    if (engine || unavailable) return engine;
    try {
      const made = new WebAssembly.Instance(engineModule(), {}).exports as unknown as LinkEngine;
      if (own.length > made.ownCapacity()) throw new Error(`publicUrl is longer than the link engine's ${made.ownCapacity()} bytes`);
      const at = made.ownOffset();
      new Uint8Array(made.memory.buffer).set(own, at);
      made.setOwnLength(own.length);
      opened = reuse.clock();
      engine = made;
    } catch (err) {
      // Slower, not wrong: every answer goes to the JavaScript rewriter.
      unavailable = true;
      onUnavailable?.(err);
    }
    return engine;
  };

  /** Sign the links the plan lists as missing; false when the tables filled up (they were emptied). */
  function signMisses(e: LinkEngine, body: Buffer, input: number): boolean {
    const count = e.plannedLinks();
    const plan = e.planOffset() / 4;
    for (let k = 0; k < count; k++) {
      const words = new Uint32Array(e.memory.buffer);
      const r = plan + k * PLAN_RECORD_WORDS;
      const kind = words[r + 2];
      if ((kind !== MISS_START && kind !== MISS_DOWNLOAD) || e.resolved(k)) continue;
      const startAt = (words[r] as number) - input;
      const endAt = (words[r + 1] as number) - input;
      const token =
        kind === MISS_START
          ? jsonToken(links.startLink(body.toString('latin1', (words[r + 3] as number) - input, (words[r + 4] as number) - input)))
          : jsonToken(links.downloadLink(body.toString('utf8', startAt + 1, endAt - 1)));
      if (!e.hasRoom(token.length + (endAt - startAt))) {
        e.reset();
        return false;
      }
      const at = e.arenaAlloc(token.length);
      new Uint8Array(e.memory.buffer).set(token, at);
      if (kind === MISS_START) e.putStart(k, at, token.length);
      else e.putDownload(k, at, token.length);
    }
    return true;
  }

  return {
    async rewrite(body, rewriteOptions) {
      const e = body.length <= MAX_BODY ? start() : undefined;
      if (!e) return fallback.rewrite(body, rewriteOptions);
      const now = reuse.clock();
      if (now - opened >= windowMs) {
        e.reset();
        opened = now;
      }
      const input = e.inputOffset(body.length);
      new Uint8Array(e.memory.buffer).set(body, input);
      let length = e.rewrite(body.length);
      if (length === MISSES && signMisses(e, body, input)) length = e.rewrite(body.length);
      if (length === MISSES || length === NEEDS_JS) return fallback.rewrite(body, rewriteOptions);
      if (length === 0) return undefined;
      const output = new Uint8Array(e.memory.buffer, e.outputOffset(), length);
      // Over the body when allowed and it fits (start links are shorter than Zoom's start URLs).
      if (rewriteOptions?.inPlace === true && length <= body.length) {
        body.set(output);
        return body.subarray(0, length);
      }
      return Buffer.from(output);
    },
  };
}
