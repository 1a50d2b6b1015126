import { createWasmLinkRewriter } from './engine/wasm-link-rewriter.js';
import { createLinkMemory, type LinkMemory } from './link-memory.js';
import { createJsLinkRewriter, type LinkRewriter, type LinkRewriterOptions } from './rewrite-links.js';

export type { FallbackReason, LinkRewriter, LinkRewriterOptions, OverLimit, RewriteLimits, RewriteOptions } from './rewrite-links.js';

/**
 * The link rewriter of `/v2` answers (docs/passthrough.md, "Rewriting"): the WebAssembly engine
 * where it applies (mode `proxy` with link reuse on), which hands what it cannot do to the JavaScript
 * rewriter, and the JavaScript rewriter alone otherwise. `memory`: the proxy's one memory of signed
 * links (services.ts), with the windows of `options.reuse`; built from `options.links` when absent.
 */
export function createLinkRewriter(options: LinkRewriterOptions, memory: LinkMemory = createLinkMemory(options.links, options.reuse)): LinkRewriter {
  return createWasmLinkRewriter(options, options.onEngineUnavailable, memory) ?? createJsLinkRewriter(options, memory);
}
