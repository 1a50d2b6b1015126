import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { PassthroughScope } from './passthrough-scope.js';
import type { ProxiedRequest } from './proxied-request.js';
import type { RecordingOwners } from '../downloads/recording-owners.js';
import { responseHeaders, writeResponseHead } from './response-headers.js';
import { dropSet } from '../http/hop-headers.js';
import { accepts, codingOf, decodeBody, encodeBody } from './content-coding.js';
import type { UpstreamResponse } from './upstream-response.js';
import { joinChunks, type ReadUpTo } from './read-up-to.js';
import type { RouteLocals } from '../http/request-log.js';
import type { FallbackReason, LinkRewriter, OverLimit } from '../links/link-rewriter.js';
import { extractJsonFields, type JsonFields } from '../links/extract-json-fields.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';

export interface ResponseWriterDeps {
  rewriter: LinkRewriter;
  scope: PassthroughScope;
  metrics: Metrics;
  logger: Logger;
  /** `passthrough.rewriteMaxBytes`. */
  rewriteMaxBytes: number;
  /** `passthrough.keepResponseHeaders`: Zoom's origin-bound fields passed on anyway (default none). */
  keepResponseHeaders?: readonly string[];
  /** Learns recording files' owners from recordings responses (the drop-in download's scope check). */
  recordingOwners?: Pick<RecordingOwners, 'learnsFrom' | 'learnFiles'>;
  /** The `account` of its metrics and warnings: the account's name with several accounts, none with one (docs/accounts.md). */
  account?: string | undefined;
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
 * Writes Zoom's response to the client (docs/passthrough.md, "Rewriting"). A 2xx JSON response
 * within `rewriteMaxBytes` is read whole, decoded if compressed, scanned, and sent with its links
 * rewritten (or, with nothing to rewrite, as Zoom's own bytes); everything else streams through
 * untouched. Status, Zoom's error bodies, `x-zm-trackingid`, `Retry-After` and `X-RateLimit-*` pass
 * as they are; Zoom's `Set-Cookie` and `Strict-Transport-Security` do not (ORIGIN_BOUND), unless
 * `passthrough.keepResponseHeaders` names them.
 */
export function createResponseWriter(deps: ResponseWriterDeps) {
  const { metrics, logger, scope, rewriter } = deps;
  const cap = deps.rewriteMaxBytes;
  // Zoom's cookies and HSTS are dropped from every response (unless kept); each set is built once here.
  const keep = deps.keepResponseHeaders ?? [];
  const streamed = dropSet([], keep);
  const framing = dropSet(FRAMING, keep);
  const changedBody = dropSet(CHANGED_BODY, keep);

  function count(outcome: Outcome): void {
    metrics.passthroughAnswers.inc({ outcome, account: deps.account });
  }

  function logCap(request: ProxiedRequest, upstream: UpstreamResponse, what: string): void {
    logger.warn(
      { url: request.req.url, contentLength: upstream.headers['content-length'], contentEncoding: upstream.headers['content-encoding'], rewriteMaxBytes: cap, account: deps.account },
      `passthrough answer ${what} passthrough.rewriteMaxBytes: passed on without rewriting its links`,
    );
  }

  /** A start_url left as Zoom wrote it, or signed without a fresh ZAK: which request, on which route. */
  function logFallback(request: ProxiedRequest, reason: FallbackReason, err: unknown): void {
    const locals = (request.res as ServerResponse & { locals?: RouteLocals }).locals;
    logger.warn(
      { reason, err, reqId: locals?.reqId, route: locals?.route, method: request.req.method, url: request.req.url, client: request.client.name, account: deps.account },
      'start_url could not get a fresh ZAK or meeting id; see docs/passthrough.md',
    );
  }

  /** A response past a bound of the rewrite (locate-json-links.ts) or whose rewrite would be too large. */
  function logOverLimit(request: ProxiedRequest, limit: OverLimit): void {
    const what =
      limit === 'links' ? 'has more links than passthrough.rewriteMaxLinks' : limit === 'depth' ? 'nests deeper than the rewrite scans' : 'would be rewritten larger than passthrough.rewriteMaxBytes';
    logger.warn({ url: request.req.url, limit, account: deps.account }, `passthrough answer ${what}: passed on without rewriting its links`);
  }

  function sendBytes(res: ServerResponse, status: number, headers: string[], body: Buffer): void {
    headers.push('content-length', String(body.length));
    writeResponseHead(res, status, headers);
    res.end(body);
  }

  /** Headers, then what was read, then the rest of Zoom's body as it comes. */
  function stream(request: ProxiedRequest, upstream: UpstreamResponse, status: number, read?: Buffer[]): void {
    // Zoom failed while the response waited (a scope look-up): nothing is sent yet, so the client gets the error.
    if (upstream.errored) throw upstream.errored;
    writeResponseHead(request.res, status, responseHeaders(upstream.rawHeaders, streamed));
    for (const chunk of read ?? []) request.res.write(chunk);
    // A failure mid-body destroys the client's connection: it never takes a short body for a whole one.
    pipeline(upstream, request.res, (err) => {
      if (err) logger.debug({ err, url: request.req.url }, 'passthrough answer cut short');
    });
  }

  /** A response past a bound of the rewrite (its links, its nesting, its rewritten size): Zoom's bytes. */
  function untouched(request: ProxiedRequest, upstream: UpstreamResponse, status: number, raw: Buffer): void {
    sendBytes(request.res, status, responseHeaders(upstream.rawHeaders, framing), raw);
    count('over_cap');
  }

  /** For a restricted client: the response could not be read, so ask Zoom whose it is before sending it. */
  async function checkWithoutBody(request: ProxiedRequest, status: number): Promise<void> {
    if (status >= 200 && status < 300) await scope.after(request.client, request.target, undefined);
  }

  /** `prefetched`: what was already read of Zoom's body (a 401 read to see whether it is a 124). */
  return async function writeResponse(request: ProxiedRequest, upstream: UpstreamResponse, prefetched?: ReadUpTo): Promise<void> {
    const { req, res } = request;
    const status = upstream.statusCode ?? 502;
    const headers = upstream.headers;

    if (prefetched !== undefined) {
      // An error response already read: Zoom's bytes, unchanged.
      if (request.checkByResponse) await checkWithoutBody(request, status);
      if (prefetched.complete) sendBytes(res, status, responseHeaders(upstream.rawHeaders, framing), joinChunks(prefetched.chunks, prefetched.length));
      else stream(request, upstream, status, prefetched.chunks);
      count('streamed');
      return;
    }
    if (req.method === 'HEAD' || status === 204 || status === 304 || status < 200) {
      if (request.checkByResponse) await checkWithoutBody(request, status);
      writeResponseHead(res, status, responseHeaders(upstream.rawHeaders, streamed));
      res.end();
      upstream.resume();
      count('streamed');
      return;
    }

    const coding = codingOf(first(headers['content-encoding']));
    const json = JSON_TYPE.test(headers['content-type'] ?? '');
    if (status < 200 || status >= 300 || status === 206 || !json || coding === undefined) {
      if (request.checkByResponse) await checkWithoutBody(request, status);
      stream(request, upstream, status);
      count('streamed');
      return;
    }
    if (Number(headers['content-length'] ?? 0) > cap) {
      logCap(request, upstream, 'larger than');
      if (request.checkByResponse) await checkWithoutBody(request, status);
      stream(request, upstream, status);
      count('over_cap');
      return;
    }

    const taken = upstream.readUpTo(cap);
    const read = 'chunks' in taken ? taken : await taken;
    if (!read.complete) {
      logCap(request, upstream, 'larger than');
      if (request.checkByResponse) await checkWithoutBody(request, status);
      stream(request, upstream, status, read.chunks);
      count('over_cap');
      return;
    }
    const raw = joinChunks(read.chunks, read.length);
    const decoded = coding === 'identity' ? raw : await decodeBody(raw, coding, cap);
    if (decoded === undefined) {
      logCap(request, upstream, `(${coding}) corrupt or decoding to more than`);
      if (request.checkByResponse) await checkWithoutBody(request, status);
      sendBytes(res, status, responseHeaders(upstream.rawHeaders, framing), raw);
      count('undecodable');
      return;
    }

    // One scan of the response serves every reader that needs more than its links: a restricted
    // client's check (its top-level host_id, before anything is sent), the recording owners (its
    // files, read before the rewrite writes over the body) and the rewrite (its links). The scan
    // stops at the rewrite's bounds: a response past them is not walked further, nor learned from.
    const owners = deps.recordingOwners?.learnsFrom(req.method, req.url) === true ? deps.recordingOwners : undefined;
    let fields: JsonFields | undefined;
    if (request.checkByResponse || owners !== undefined) {
      fields = extractJsonFields(decoded, rewriter.limits);
      if (fields.over !== undefined) logOverLimit(request, fields.over);
      if (request.checkByResponse) await scope.after(request.client, request.target, fields.hostId);
      if (fields.over !== undefined) return untouched(request, upstream, status, raw);
      owners?.learnFiles(fields.recordingFiles);
    }
    let over = undefined as OverLimit | undefined;
    const rewriting = rewriter.rewrite(decoded, {
      inPlace: true,
      fields,
      onOverLimit: (limit) => (over = limit),
      onFallback: (reason, err) => logFallback(request, reason, err),
    });
    const rewritten = rewriting instanceof Promise ? await rewriting : rewriting;
    if (rewritten === undefined) {
      if (over !== undefined) {
        logOverLimit(request, over);
        return untouched(request, upstream, status, raw);
      }
      sendBytes(res, status, responseHeaders(upstream.rawHeaders, framing), raw);
      count('unchanged');
      return;
    }
    // Zoom's coding when the client takes it (it asked Zoom for it), else none.
    const outCoding = coding !== 'identity' && accepts(request.acceptEncoding, coding) ? coding : 'identity';
    const body = await encodeBody(rewritten, outCoding);
    const out = responseHeaders(upstream.rawHeaders, changedBody);
    if (outCoding !== 'identity') out.push('content-encoding', outCoding);
    if (coding !== 'identity' && !/accept-encoding|\*/i.test(String(headers.vary ?? ''))) out.push('vary', 'Accept-Encoding');
    sendBytes(res, status, out, body);
    count('rewritten');
  };
}
