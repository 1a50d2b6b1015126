import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { ClientConfig } from '../config/config.js';
import type { PassthroughScope, ScopeTarget } from '../auth/passthrough-scope.js';
import { isRecordingsPath, type RecordingOwners } from '../downloads/recording-owners.js';
import { answerHeaders, writeAnswerHead } from '../http/answer-headers.js';
import { dropSet } from '../http/hop-headers.js';
import { accepts, codingOf, decodeBody, encodeBody } from '../http/content-coding.js';
import type { ZoomAnswer } from '../http/zoom-answer.js';
import { joinChunks, type ReadUpTo } from '../http/read-up-to.js';
import type { RouteLocals } from '../http/request-log.js';
import type { FallbackReason, LinkRewriter, OverLimit } from '../links/link-rewriter.js';
import { extractJsonFields, type JsonFields } from '../links/extract-json-fields.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';

/** What the answer depends on besides Zoom's response. */
export interface PassthroughExchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** The client's own Accept-Encoding (before it was narrowed for Zoom). */
  acceptEncoding: string | undefined;
  client: ClientConfig;
  target: ScopeTarget;
  /** The scope of a restricted client is checked on this answer (`host_id` at its top level). */
  checkByAnswer: boolean;
}

export interface PassthroughAnswerDeps {
  rewriter: LinkRewriter;
  scope: PassthroughScope;
  metrics: Metrics;
  logger: Logger;
  /** `passthrough.rewriteMaxBytes`. */
  rewriteMaxBytes: number;
  /** `passthrough.keepResponseHeaders`: Zoom's origin-bound fields passed on anyway (default none). */
  keepResponseHeaders?: readonly string[];
  /** Learns recording files' owners from recordings answers (the drop-in download's scope check). */
  recordingOwners?: Pick<RecordingOwners, 'learnFromAnswer'>;
}

type Outcome = 'rewritten' | 'unchanged' | 'streamed' | 'over_cap' | 'undecodable';

/** Dropped from Zoom's headers when the body is sent as one buffer: framing is recomputed. */
const FRAMING = new Set(['content-length']);
/** Dropped when the body changed: its length, coding and validators describe Zoom's bytes. */
const CHANGED_BODY = new Set(['content-length', 'content-encoding', 'etag', 'content-md5', 'digest']);

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Writes Zoom's answer to the client (docs/passthrough.md, "Rewriting"). A 2xx JSON answer
 * within `rewriteMaxBytes` is read whole, decoded if compressed, scanned, and sent with its links
 * rewritten (or, with nothing to rewrite, as Zoom's own bytes); everything else streams through
 * untouched. Status, Zoom's error bodies, `x-zm-trackingid`, `Retry-After` and `X-RateLimit-*` pass
 * as they are; Zoom's `Set-Cookie` and `Strict-Transport-Security` do not (ORIGIN_BOUND), unless
 * `passthrough.keepResponseHeaders` names them.
 */
export function createPassthroughAnswer(deps: PassthroughAnswerDeps) {
  const { metrics, logger, scope, rewriter } = deps;
  const cap = deps.rewriteMaxBytes;
  // Zoom's cookies and HSTS are dropped from every answer (unless kept); each set is built once here.
  const keep = deps.keepResponseHeaders ?? [];
  const streamed = dropSet([], keep);
  const framing = dropSet(FRAMING, keep);
  const changedBody = dropSet(CHANGED_BODY, keep);

  function count(outcome: Outcome): void {
    metrics.passthroughAnswers.inc({ outcome });
  }

  function logCap(ex: PassthroughExchange, upstream: ZoomAnswer, what: string): void {
    logger.warn(
      { url: ex.req.url, contentLength: upstream.headers['content-length'], contentEncoding: upstream.headers['content-encoding'], rewriteMaxBytes: cap },
      `passthrough answer ${what} passthrough.rewriteMaxBytes: passed on without rewriting its links`,
    );
  }

  /** A start_url left as Zoom wrote it, or signed without a fresh ZAK: which request, on which route. */
  function logFallback(ex: PassthroughExchange, reason: FallbackReason, err: unknown): void {
    const locals = (ex.res as ServerResponse & { locals?: RouteLocals }).locals;
    logger.warn(
      { reason, err, reqId: locals?.reqId, route: locals?.route, method: ex.req.method, url: ex.req.url, client: ex.client.name },
      'start_url could not get a fresh ZAK or meeting id; see docs/passthrough.md',
    );
  }

  /** An answer past a bound of the rewrite (locate-json-links.ts) or whose rewrite would be too large. */
  function logOverLimit(ex: PassthroughExchange, limit: OverLimit): void {
    const what =
      limit === 'links' ? 'has more links than passthrough.rewriteMaxLinks' : limit === 'depth' ? 'nests deeper than the rewrite scans' : 'would be rewritten larger than passthrough.rewriteMaxBytes';
    logger.warn({ url: ex.req.url, limit }, `passthrough answer ${what}: passed on without rewriting its links`);
  }

  function sendBytes(res: ServerResponse, status: number, headers: string[], body: Buffer): void {
    headers.push('content-length', String(body.length));
    writeAnswerHead(res, status, headers);
    res.end(body);
  }

  /** Headers, then what was read, then the rest of Zoom's body as it comes. */
  function stream(ex: PassthroughExchange, upstream: ZoomAnswer, status: number, read?: Buffer[]): void {
    // Zoom failed while the answer waited (a scope look-up): nothing is sent yet, so the client gets the error.
    if (upstream.errored) throw upstream.errored;
    writeAnswerHead(ex.res, status, answerHeaders(upstream.rawHeaders, streamed));
    for (const chunk of read ?? []) ex.res.write(chunk);
    // A failure mid-body destroys the client's connection: it never takes a short body for a whole one.
    pipeline(upstream, ex.res, (err) => {
      if (err) logger.debug({ err, url: ex.req.url }, 'passthrough answer cut short');
    });
  }

  /** An answer past a bound of the rewrite (its links, its nesting, its rewritten size): Zoom's bytes. */
  function untouched(ex: PassthroughExchange, upstream: ZoomAnswer, status: number, raw: Buffer): void {
    sendBytes(ex.res, status, answerHeaders(upstream.rawHeaders, framing), raw);
    count('over_cap');
  }

  /** For a restricted client: the answer could not be read, so ask Zoom whose it is before sending it. */
  async function checkWithoutBody(ex: PassthroughExchange, status: number): Promise<void> {
    if (status >= 200 && status < 300) await scope.after(ex.client, ex.target, undefined);
  }

  /** `prefetched`: what was already read of Zoom's body (a 401 read to see whether it is a 124). */
  return async function answer(ex: PassthroughExchange, upstream: ZoomAnswer, prefetched?: ReadUpTo): Promise<void> {
    const { req, res } = ex;
    const status = upstream.statusCode ?? 502;
    const headers = upstream.headers;

    if (prefetched !== undefined) {
      // An error answer already read: Zoom's bytes, unchanged.
      if (ex.checkByAnswer) await checkWithoutBody(ex, status);
      if (prefetched.complete) sendBytes(res, status, answerHeaders(upstream.rawHeaders, framing), joinChunks(prefetched.chunks, prefetched.length));
      else stream(ex, upstream, status, prefetched.chunks);
      count('streamed');
      return;
    }
    if (req.method === 'HEAD' || status === 204 || status === 304 || status < 200) {
      if (ex.checkByAnswer) await checkWithoutBody(ex, status);
      writeAnswerHead(res, status, answerHeaders(upstream.rawHeaders, streamed));
      res.end();
      upstream.resume();
      count('streamed');
      return;
    }

    const coding = codingOf(first(headers['content-encoding']));
    const json = JSON_TYPE.test(headers['content-type'] ?? '');
    if (status < 200 || status >= 300 || status === 206 || !json || coding === undefined) {
      if (ex.checkByAnswer) await checkWithoutBody(ex, status);
      stream(ex, upstream, status);
      count('streamed');
      return;
    }
    if (Number(headers['content-length'] ?? 0) > cap) {
      logCap(ex, upstream, 'larger than');
      if (ex.checkByAnswer) await checkWithoutBody(ex, status);
      stream(ex, upstream, status);
      count('over_cap');
      return;
    }

    const taken = upstream.readUpTo(cap);
    const read = 'chunks' in taken ? taken : await taken;
    if (!read.complete) {
      logCap(ex, upstream, 'larger than');
      if (ex.checkByAnswer) await checkWithoutBody(ex, status);
      stream(ex, upstream, status, read.chunks);
      count('over_cap');
      return;
    }
    const raw = joinChunks(read.chunks, read.length);
    const decoded = coding === 'identity' ? raw : await decodeBody(raw, coding, cap);
    if (decoded === undefined) {
      logCap(ex, upstream, `(${coding}) corrupt or decoding to more than`);
      if (ex.checkByAnswer) await checkWithoutBody(ex, status);
      sendBytes(res, status, answerHeaders(upstream.rawHeaders, framing), raw);
      count('undecodable');
      return;
    }

    // A restricted client's check (the answer's top-level host_id) comes before anything is sent; its
    // pass also stops at the rewrite's bounds, so an answer past them is not walked further.
    let fields: JsonFields | undefined;
    if (ex.checkByAnswer) {
      fields = extractJsonFields(decoded, rewriter.limits);
      if (fields.over !== undefined) logOverLimit(ex, fields.over);
      await scope.after(ex.client, ex.target, fields.hostId);
      if (fields.over !== undefined) return untouched(ex, upstream, status, raw);
    }
    // Recording owners are learned from Zoom's bytes: a recordings answer is not rewritten over them.
    const learning = deps.recordingOwners !== undefined && isRecordingsPath(req.url ?? '');
    let over = undefined as OverLimit | undefined;
    const rewriting = rewriter.rewrite(decoded, {
      inPlace: !learning,
      fields,
      onOverLimit: (limit) => (over = limit),
      onFallback: (reason, err) => logFallback(ex, reason, err),
    });
    const rewritten = rewriting instanceof Promise ? await rewriting : rewriting;
    // Not from an answer past the bounds: parsing it is the work they keep off the event loop.
    if (learning && over !== 'links' && over !== 'depth') deps.recordingOwners?.learnFromAnswer(req.method, req.url, decoded);
    if (rewritten === undefined) {
      if (over !== undefined) {
        logOverLimit(ex, over);
        return untouched(ex, upstream, status, raw);
      }
      sendBytes(res, status, answerHeaders(upstream.rawHeaders, framing), raw);
      count('unchanged');
      return;
    }
    // Zoom's coding when the client takes it (it asked Zoom for it), else none.
    const outCoding = coding !== 'identity' && accepts(ex.acceptEncoding, coding) ? coding : 'identity';
    const body = await encodeBody(rewritten, outCoding);
    const out = answerHeaders(upstream.rawHeaders, changedBody);
    if (outCoding !== 'identity') out.push('content-encoding', outCoding);
    if (coding !== 'identity' && !/accept-encoding|\*/i.test(String(headers.vary ?? ''))) out.push('vary', 'Accept-Encoding');
    sendBytes(res, status, out, body);
    count('rewritten');
  };
}
