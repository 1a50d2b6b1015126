/**
 * The one module that forwards a client's request to Zoom and hands back Zoom's answer with its body
 * unread; what to do with the answer is the caller's business. It runs on undici's dispatcher (the
 * same keep-alive pool as every other call to Zoom). It replaced http-proxy, which could not reach
 * the passthrough's speed target: bare http-proxy, doing nothing else, made 0.9x the requests per
 * second of @fastify/reply-from; bare undici 1.3-1.6x (README, "Decisions").
 *
 * What it guarantees: the path goes out byte for byte; hop-by-hop fields and those the `Connection`
 * header names never reach Zoom, nor the client's `Host` and `Authorization` (replaced by Zoom's host
 * and the proxy's Zoom token); the exchange fails with `zoom_timeout` when Zoom is idle for
 * `timeoutMs` (before its answer, or between two chunks of it) and with `zoom_unreachable` when it
 * cannot be reached or resets; a client that goes away, that reads nothing of a paused answer for
 * `timeoutMs`, or an answer the caller destroys before its end, aborts the upstream request, and
 * nothing is reported after that.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ProxyError, toProxyError } from '../errors.js';
import { HOP_BY_HOP, connectionListedIn } from './hop-headers.js';
import { answerOf, type ZoomAnswer } from './zoom-answer.js';

export interface ZoomProxyOptions {
  /** `zoom.apiUrl`: its origin is where requests go; the path of each request is given by the caller. */
  apiUrl: string;
  /** How long Zoom may stay silent: before its answer, or between two chunks of it. */
  timeoutMs: number;
  /** The connection pool to Zoom (undici). */
  dispatcher: Dispatcher;
}

export interface ForwardOptions {
  /** The path and query to ask Zoom for, exactly as they go on the request line. */
  path: string;
  /** The proxy's Zoom access token, sent as `Authorization: Bearer`. */
  token: string;
  /** Fields to set on the outgoing request, lowercased names (the client's of that name are replaced). */
  headers?: Record<string, string>;
  /** Fields of the client's request not to forward, lowercased. */
  drop?: readonly string[];
  /**
   * The body to send: bytes already read, or a stream (sent with the client's Content-Length when
   * it gave one, else chunked). Absent: none.
   */
  body?: Buffer | Readable;
  /** Aborting it aborts the upstream request and rejects with the signal's reason (when Zoom has not answered yet). */
  signal?: AbortSignal;
}

export interface ZoomProxy {
  /**
   * Send the request; resolves with Zoom's answer (status and headers in, body unread), rejects with
   * a ProxyError (`zoom_unreachable`, `zoom_timeout`, `bad_request`), a ClientGoneError or the
   * signal's reason.
   */
  forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): Promise<ZoomAnswer>;
}

/** The client went away before Zoom answered: nothing is left to answer. */
export class ClientGoneError extends Error {
  readonly code = 'CLIENT_GONE';
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/** Connections Zoom closed or reset before its answer: the request may be sent once more if it is idempotent. */
const staleConnections = new WeakSet<Error>();

/**
 * Whether a forward failed because Zoom closed or reset the connection before any answer: most often
 * a kept-alive connection Zoom had just dropped. Sending an idempotent request again is then allowed
 * (RFC 9110 9.2.2, RFC 9112 9.3.1); the caller decides whether this one is.
 */
export function isStaleConnection(err: unknown): boolean {
  return err instanceof Error && staleConnections.has(err);
}

/** A reset reaches the handler as the socket's own error; a close as undici's SocketError ('other side closed', 'closed'). */
function closedBeforeAnswer(err: unknown): boolean {
  const { code, message } = err as { code?: string; message?: string };
  return code === 'ECONNRESET' || code === 'EPIPE' || (code === 'UND_ERR_SOCKET' && /closed/.test(message ?? ''));
}

export function createZoomProxy(options: ZoomProxyOptions): ZoomProxy {
  const origin = new URL(options.apiUrl).origin;
  const { dispatcher, timeoutMs } = options;

  return {
    forward(req, res, forwardOptions) {
      return new Promise<ZoomAnswer>((resolve, reject) => {
        // `req.socket`: `res.socket` is null while a pipelined request waits its turn; undici empties
        // `req.socket` only once it has sent this request's body (then 'close' on res tells the rest).
        if (res.writableEnded || (req.socket as IncomingMessage['socket'] | null)?.destroyed) {
          reject(new ClientGoneError());
          return;
        }
        if (forwardOptions.signal?.aborted) {
          reject(forwardOptions.signal.reason as Error);
          return;
        }
        let answer: ZoomAnswer | undefined;
        let abort: ((err: Error) => void) | undefined;
        /** Why we gave up on the request ourselves; once set, nothing more is reported. */
        let abandoned: Error | undefined;
        let settled = false;

        const giveUp = (reason: Error): void => {
          if (abandoned) return;
          abandoned = reason;
          abort?.(reason);
          if (!settled) {
            settled = true;
            reject(reason);
          } else {
            // Whoever reads the answer learns that no more of it will come.
            answer?.destroy();
          }
        };
        const onClose = (): void => {
          if (!answer?.complete) giveUp(new ClientGoneError());
        };
        res.once('close', onClose);
        const signal = forwardOptions.signal;
        const onAbort = (): void => giveUp(signal?.reason as Error);
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = (): void => {
          // The exchange is over: let go of undici's abort, whose closure holds the whole request it
          // wrote. Something in undici still reaches this handler for a while after the answer (the
          // path was not traced); keeping abort reachable made each request outlive two young-
          // generation collections: under small-JSON load 2 MB promoted per scavenge and 6-10 ms
          // pauses, against 0.2 MB and 2 ms without (--trace-gc-nvp, README "Performance").
          abort = undefined;
          res.off('close', onClose);
          signal?.removeEventListener('abort', onAbort);
        };

        const handler: Dispatcher.DispatchHandler = {
          onConnect(abortRequest) {
            // Given up while queued: throwing drops the request and keeps the connection (abort would close it).
            if (abandoned) throw abandoned;
            abort = abortRequest;
          },
          onHeaders(statusCode, rawHeaders, resume) {
            // 1xx informational answers (103 Early Hints) are not the answer.
            if (statusCode < 200 || abandoned) return true;
            answer = answerOf(statusCode, rawHeaders as unknown as Buffer[]);
            answer.resumeUpstream = resume;
            answer.abortUpstream = (err) => {
              if (abandoned) return;
              abandoned = err;
              abort?.(err);
            };
            settled = true;
            resolve(answer);
            return true;
          },
          onData(chunk) {
            if (!answer || answer.push(chunk)) return true;
            answer.pausedFor(timeoutMs);
            return false;
          },
          onComplete() {
            done();
            if (!answer) return;
            answer.complete = true;
            answer.push(null);
          },
          onError(err) {
            done();
            if (abandoned) return;
            const error = upstreamError(err);
            if (answer) {
              answer.destroy(error);
              return;
            }
            if (closedBeforeAnswer(err)) staleConnections.add(error);
            settled = true;
            reject(error);
          },
        };

        const body = forwardOptions.body;
        dispatcher.dispatch(
          {
            origin,
            path: forwardOptions.path,
            method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
            headers: outgoingHeaders(req.rawHeaders, forwardOptions),
            body: body ?? null,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            // The route decides what may be sent again (and does so itself, once).
            idempotent: false,
          },
          handler,
        );
      });
    },
  };
}

/**
 * Fields some gateways read as "act as if the method were this one": the proxy decides scope and
 * retries by the request's own method, so Zoom must not act on another.
 */
const METHOD_OVERRIDE: ReadonlySet<string> = new Set(['x-http-method-override', 'x-http-method', 'x-method-override']);

/**
 * The client's header fields that go to Zoom, in its order and spelling, then the caller's and the
 * Bearer token. Left out: hop-by-hop fields and those its `Connection` names, `Host` (Zoom's is
 * set), `Expect` (our server already answered any 100-continue), `Authorization`, the method
 * overrides, `drop`, the caller's own, and `Content-Length` when a body of ours replaces the client's.
 */
function outgoingHeaders(raw: readonly string[], options: ForwardOptions): string[] {
  const listed = connectionListedIn(raw);
  const own = options.headers;
  const drop = options.drop;
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'authorization' || lower === 'expect' || HOP_BY_HOP.has(lower) || METHOD_OVERRIDE.has(lower)) continue;
    if (lower === 'content-length' && options.body === undefined) continue;
    if ((own !== undefined && lower in own) || drop?.includes(lower) || listed?.includes(lower)) continue;
    out.push(name, raw[i + 1] as string);
  }
  if (own) for (const name in own) out.push(name, own[name] as string);
  out.push('authorization', `Bearer ${options.token}`);
  return out;
}

/** Zoom could not be reached, reset, or was too slow; a request undici would not send is the client's. */
function upstreamError(err: unknown): ProxyError {
  if ((err as { code?: unknown }).code === 'UND_ERR_INVALID_ARG') {
    return new ProxyError('bad_request', { message: 'The request cannot be forwarded to Zoom as it is.', cause: err });
  }
  const mapped = toProxyError(err);
  return mapped.code === 'internal' ? new ProxyError('zoom_unreachable', { cause: err }) : mapped;
}
