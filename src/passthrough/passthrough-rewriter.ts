import { ProxyError } from '../errors.js';
import { createHostMatcher } from '../http/host-matcher.js';
import { createLinkBuilder } from '../links/link-builder.js';
import { reuseSecondsFor } from '../links/reuse-links.js';
import { createWasmLinkRewriter } from '../links/engine/wasm-link-rewriter.js';
import { createLinkRewriter, type LinkRewriter, type LinkRewriterOptions } from '../links/rewrite-links.js';
import type { Services } from '../services.js';

/** The rewriter of the links in `/v2` responses (docs/passthrough.md, "Rewriting"), from the configuration. */
export function createPassthroughRewriter(services: Services): LinkRewriter {
  const { config, zaks, logger } = services;
  const { rewriteMaxBytes, rewriteMaxLinks, zakConcurrency } = config.passthrough;
  const lookups = services.scopeLookups;
  // The rewriter keeps its own memory of reused links (link-memory.ts), keyed for speed (a 300-meeting list is 300 look-ups).
  const ttl = { start: config.links.startTtlSeconds, download: config.links.downloadTtlSeconds };
  const rewriterOptions: LinkRewriterOptions = {
    mode: config.links.startUrls,
    links: createLinkBuilder(services.publicUrl, services.signer, ttl),
    reuse: { clock: services.clock, startMs: reuseSecondsFor(ttl.start) * 1000, downloadMs: reuseSecondsFor(ttl.download) * 1000 },
    publicUrl: services.publicUrl,
    webUrl: config.zoom.webUrl,
    startHosts: createHostMatcher(config.zoom.startHosts),
    zakOf: (user) => zaks.get(user),
    hostOfMeeting: async (meetingId) => {
      const host = await lookups.host('meeting', meetingId);
      if (host.id === undefined) throw new ProxyError('meeting_not_found');
      return host.id;
    },
    zakConcurrency,
    limits: { maxLinks: rewriteMaxLinks, maxOutputBytes: rewriteMaxBytes },
    onFallback: (reason, err) => logger.warn({ reason, err }, 'start_url could not get a fresh ZAK or meeting id; see docs/passthrough.md'),
  };
  // The WebAssembly engine where it applies (mode proxy), the JavaScript rewriter for the rest.
  const rewriter =
    createWasmLinkRewriter(rewriterOptions, (err) => logger.warn({ err }, 'link engine (WebAssembly) unavailable: links are rewritten in JavaScript, more slowly')) ??
    createLinkRewriter(rewriterOptions);
  return rewriter;
}
