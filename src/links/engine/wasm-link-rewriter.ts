import { readFileSync } from 'node:fs';
import { createLinkMemory, type LinkMemory } from '../link-memory.js';
import type { OverBound } from '../locate-json-links.js';
import { createJsLinkRewriter, rewriteLimits, type LinkRewriter, type LinkRewriterOptions, type RewriteOptions } from '../rewrite-links.js';

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
  resetStarts(): void;
  resetDownloads(): void;
  hasStartRoom(bytes: number): number;
  hasDownloadRoom(bytes: number, rawBytes: number): number;
  startAlloc(bytes: number): number;
  downloadAlloc(bytes: number): number;
  foundLinks(): number;
  planOffset(): number;
  plannedLinks(): number;
  outputOffset(): number;
  resolved(record: number): number;
  putStart(record: number, token: number, length: number): void;
  putDownload(record: number, token: number, length: number): void;
  rewrite(length: number, maxLinks: number, maxDepth: number): number;
}

const MISSES = -2;
const NEEDS_JS = -1;
const MISS_START = 3;
const MISS_DOWNLOAD = 4;
const PLAN_RECORD_WORDS = 5;
/** rewrite(): the bound the answer goes past. */
const OVER: Record<number, OverBound | undefined> = { [-3]: 'depth', [-4]: 'links' };
/** An answer the engine gives to JavaScript (and whether the link memory was refreshed for it already), or leaves untouched. */
type HandOver = 'to-js' | 'to-js-refreshed' | OverBound | 'output';
/** Larger answers are left to JavaScript: the engine's memory is never given back. */
const MAX_BODY = 2 * 1024 * 1024;

let compiled: object | undefined;
function engineModule(): object {
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./link-engine.wasm', import.meta.url)));
  return compiled;
}

export interface WasmLinkRewriter extends LinkRewriter {
  /** Answers the engine handed to JavaScript (for tests and the bench). */
  readonly handedOver: number;
}

/**
 * The link rewrite of rewrite-links.ts, done by the WebAssembly engine (link-engine.as.ts) where it
 * can and by the JavaScript rewriter where it cannot: an escaped link, a start URL of another shape,
 * an answer over 2 MiB or an output over 8 MiB, an answer whose links do not fit the engine's tables.
 * Both take their links from one LinkMemory, refreshed as the JavaScript rewriter alone refreshes it,
 * so the output is byte for byte what the JavaScript rewriter would write (a differential test
 * holds them together, the clock moving). Only for mode `proxy` with link reuse on (undefined
 * otherwise): the engine's speed is its tables of links already signed. Should the engine fail to
 * load or trap, `onUnavailable` hears why and every answer from then on goes to JavaScript. An
 * answer that comes with the field extractor's result (`fields`) is spliced by JavaScript from it.
 */
export function createWasmLinkRewriter(
  options: LinkRewriterOptions,
  onUnavailable?: (err: unknown) => void,
  memory: LinkMemory = createLinkMemory(options.links, options.reuse),
): WasmLinkRewriter | undefined {
  const reuse = options.reuse;
  if (options.mode !== 'proxy' || !reuse || reuse.startMs <= 0 || reuse.downloadMs <= 0) return undefined;
  const own = Buffer.from(`${options.publicUrl.replace(/\/+$/, '')}/`, 'utf8');
  const javascript = createJsLinkRewriter(options, memory);
  const limits = rewriteLimits(options.limits);
  // The engine's arguments are u32: an unbounded count (Infinity) would arrive as 0.
  const maxLinks = Math.min(limits.maxLinks, 0xffff_ffff);
  const maxDepth = Math.min(limits.maxDepth, 0xffff_ffff);
  let handedOver = 0;
  const fallback = (body: Buffer, rewriteOptions: RewriteOptions | undefined, memoryRefreshed: boolean): ReturnType<LinkRewriter['rewrite']> => {
    handedOver++;
    return javascript.rewrite(body, { ...rewriteOptions, memoryRefreshed });
  };

  // Made at the first answer: a wasm memory reserves much address space, so none for an idle rewriter.
  let engine: LinkEngine | undefined;
  let unavailable = false;
  // The windows of the memory the engine's tables are a copy of.
  let startEpoch = -1;
  let downloadEpoch = -1;
  const start = (): LinkEngine | undefined => {
    if (engine || unavailable) return engine;
    try {
      const made = new WebAssembly.Instance(engineModule(), {}).exports as LinkEngine;
      if (own.length > made.ownCapacity()) throw new Error(`publicUrl is longer than the link engine's ${made.ownCapacity()} bytes`);
      const at = made.ownOffset();
      new Uint8Array(made.memory.buffer).set(own, at);
      made.setOwnLength(own.length);
      engine = made;
    } catch (err) {
      giveUp(err);
    }
    return engine;
  };
  const giveUp = (err: unknown): void => {
    // Slower, not wrong: every answer goes to the JavaScript rewriter.
    engine = undefined;
    unavailable = true;
    onUnavailable?.(err);
  };

  /** Empty the engine's copy of a window that has started over. */
  function sync(e: LinkEngine): void {
    if (startEpoch !== memory.startEpoch) {
      e.resetStarts();
      startEpoch = memory.startEpoch;
    }
    if (downloadEpoch !== memory.downloadEpoch) {
      e.resetDownloads();
      downloadEpoch = memory.downloadEpoch;
    }
  }

  /** Copy into the engine's tables the memory's links for what the plan lists as missing; false when they do not fit. */
  function fillMisses(e: LinkEngine, body: Buffer, input: number): boolean {
    const count = e.plannedLinks();
    const plan = e.planOffset() / 4;
    for (let k = 0; k < count; k++) {
      const words = new Uint32Array(e.memory.buffer);
      const r = plan + k * PLAN_RECORD_WORDS;
      const kind = words[r + 2];
      if ((kind !== MISS_START && kind !== MISS_DOWNLOAD) || e.resolved(k)) continue;
      if (kind === MISS_START) {
        const digits = body.toString('latin1', (words[r + 3] as number) - input, (words[r + 4] as number) - input);
        // The JavaScript rewriter's key: a number up to 15 digits (the engine never sees a leading zero).
        const token = memory.startToken(digits.length <= 15 ? Number(digits) : digits);
        if (!e.hasStartRoom(token.length)) {
          e.resetStarts();
          return false;
        }
        const at = e.startAlloc(token.length);
        new Uint8Array(e.memory.buffer).set(token, at);
        e.putStart(k, at, token.length);
      } else {
        const from = (words[r] as number) - input + 1;
        const to = (words[r + 1] as number) - input - 1;
        const token = memory.downloadToken(body, from, to, undefined);
        if (!e.hasDownloadRoom(token.length, to - from)) {
          e.resetDownloads();
          return false;
        }
        const at = e.downloadAlloc(token.length);
        new Uint8Array(e.memory.buffer).set(token, at);
        e.putDownload(k, at, token.length);
      }
    }
    return true;
  }

  /**
   * The engine's rewrite of `body`, synchronous (nothing else may use the engine meanwhile), or the
   * answer handed to JavaScript: before its memory was refreshed for it, or after (a refresh that is
   * not due does nothing, so it counts as done once the engine has found links).
   */
  function engineRewrite(e: LinkEngine, body: Buffer, inPlace: boolean, progress: { refreshed: boolean }): Buffer | undefined | HandOver {
    const due = memory.due();
    sync(e);
    const input = e.inputOffset(body.length); // first: it may grow the memory, which detaches the old buffer
    new Uint8Array(e.memory.buffer).set(body, input);
    let length = e.rewrite(body.length, maxLinks, maxDepth);
    const over = OVER[length];
    if (over !== undefined) return over;
    if (length === NEEDS_JS) return 'to-js';
    progress.refreshed = true;
    if (due && e.foundLinks() > 0) {
      memory.refresh();
      sync(e);
      length = e.rewrite(body.length, maxLinks, maxDepth);
    }
    if (length === MISSES) length = fillMisses(e, body, input) ? e.rewrite(body.length, maxLinks, maxDepth) : NEEDS_JS;
    if (length === NEEDS_JS || length === MISSES) return 'to-js-refreshed';
    if (length === 0) return undefined;
    if (length > limits.maxOutputBytes) return 'output';
    const output = new Uint8Array(e.memory.buffer, e.outputOffset(), length);
    // Over the body when allowed and it fits (start links are shorter than Zoom's start URLs).
    if (inPlace && length <= body.length) {
      body.set(output);
      return body.subarray(0, length);
    }
    return Buffer.from(output);
  }

  return {
    get handedOver() {
      return handedOver;
    },
    limits,
    rewrite(body, rewriteOptions) {
      // The caller's field extraction found the links already: spliced in JavaScript, not scanned again.
      if (rewriteOptions?.fields !== undefined) return javascript.rewrite(body, rewriteOptions);
      const e = body.length <= MAX_BODY ? start() : undefined;
      if (!e) return fallback(body, rewriteOptions, false);
      const progress = { refreshed: false };
      let result: Buffer | undefined | HandOver;
      try {
        result = engineRewrite(e, body, rewriteOptions?.inPlace === true, progress);
      } catch (err) {
        // A trap (memory that cannot grow, or a bug): this answer and the rest go to JavaScript.
        giveUp(err);
        return fallback(body, rewriteOptions, progress.refreshed);
      }
      if (result === 'to-js' || result === 'to-js-refreshed') return fallback(body, rewriteOptions, result === 'to-js-refreshed');
      if (typeof result === 'string') {
        rewriteOptions?.onOverLimit?.(result);
        return undefined;
      }
      return result;
    },
  };
}
