/**
 * The one module that forwards a client's request to Zoom and hands back Zoom's response with its body
 * unread; what to do with the response is the caller's business. It runs on undici's dispatcher (the
 * same keep-alive pool as every other call to Zoom). It replaced http-proxy, which could not reach
 * the passthrough's speed target: bare http-proxy, doing nothing else, made 0.9x the requests per
 * second of @fastify/reply-from; bare undici 1.3-1.6x (docs/design.md, "Why undici").
 *
 * What it guarantees: the path goes out byte for byte; hop-by-hop fields and those the `Connection`
 * header names never reach Zoom, nor the client's `Host` and `Authorization` (replaced by Zoom's host
 * and the proxy's Zoom token); the forward fails with `zoom_timeout` when Zoom is idle for
 * `timeoutMs` (before its response, or between two chunks of it), or when its response's head has not
 * come `timeoutMs` after the request was handed to the pool, time queued for a connection included
 * (with a streamed body: when no connection was free for `timeoutMs`; the upload itself is watched
 * by the route, watch-upload-idle.ts), and with `zoom_unreachable` when it
 * cannot be reached or resets; a client that goes away, that reads nothing of a paused response for
 * `timeoutMs`, or a response the caller destroys before its end, aborts the upstream request, and
 * nothing is reported after that.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ClientGoneError, ProxyError, toProxyError } from '../errors.js';
import { HOP_BY_HOP, connectionListedIn } from '../http/hop-headers.js';
import { upstreamResponseOf, type UpstreamResponse } from './upstream-response.js';

export interface ForwarderOptions {
  /** `zoom.apiUrl`: its origin is where requests go; the path of each request is given by the caller. */
  apiUrl: string;
  /** How long Zoom may stay silent: before its response, or between two chunks of it. */
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
  /** Aborting it aborts the upstream request and rejects with the signal's reason (when Zoom has not responded yet). */
  signal?: AbortSignal;
}

export interface Forwarder {
  /**
   * Send the request; resolves with Zoom's response (status and headers in, body unread), rejects with
   * a ProxyError (`zoom_unreachable`, `zoom_timeout`, `bad_request`), a ClientGoneError or the
   * signal's reason.
   */
  forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): Promise<UpstreamResponse>;
}


/** Connections Zoom closed or reset before its response: the request may be sent once more if it is idempotent. */
const staleConnections = new WeakSet<Error>();

/**
 * Whether a forward failed because Zoom closed or reset the connection before any response: most often
 * a kept-alive connection Zoom had just dropped. Sending an idempotent request again is then allowed
 * (RFC 9110 9.2.2, RFC 9112 9.3.1); the caller decides whether this one is.
 */
export function isStaleConnection(err: unknown): boolean {
  return err instanceof Error && staleConnections.has(err);
}

/** A reset reaches the handler as the socket's own error; a close as undici's SocketError ('other side closed', 'closed'). */
function closedBeforeResponse(err: unknown): boolean {
  const { code, message } = err as { code?: string; message?: string };
  return code === 'ECONNRESET' || code === 'EPIPE' || (code === 'UND_ERR_SOCKET' && /closed/.test(message ?? ''));
}

/**
 * The undici dispatch handler of one forwarded request, which settles the forward's promise. It has
 * undici's original handler methods (onConnect, onHeaders, onData, onComplete, onError), which undici 7
 * still calls itself: a handler of the newer controller API gets a wrapper that parses every
 * response's fields into an object the forwarder never reads (it keeps Zoom's raw fields), a cost
 * seen in the small JSON's CPU and memory per request (bench/README.md, "What limits it").
 * undici still reaches a handler for a while after the request is over (the path was not traced), so
 * everything the handler holds is let go once it is: the client's response, the upstream response,
 * the promise's resolvers (the settled promise holds the response), undici's abort (its closure holds
 * the whole request it wrote). Held, each request's objects outlived two young-generation collections
 * and were promoted, and the old generation filled with them between full collections
 * (bench/README.md, "What limits it"). Closures over the forward's scope would hold all of it: hence a class.
 */
class ForwardHandler implements Dispatcher.DispatchHandler {
  #res: ServerResponse | undefined;
  #signal: AbortSignal | undefined;
  #resolve: ((response: UpstreamResponse) => void) | undefined;
  #reject: ((err: Error) => void) | undefined;
  #response: UpstreamResponse | undefined;
  #abort: ((err: Error) => void) | undefined;
  /** Why we gave up on the request ourselves; once set, nothing more is reported. */
  #abandoned: Error | undefined;
  #settled = false;
  readonly #timeoutMs: number;
  readonly #onClose = (): void => {
    if (!this.#response?.complete) this.giveUp(new ClientGoneError());
  };
  readonly #onAbort = (): void => this.giveUp(this.#signal?.reason as Error);
  /**
   * The head's deadline: undici's headersTimeout runs only once the request is on a socket, and
   * nothing of undici's runs while it waits in the pool's queue (a full pool held requests for minutes).
   */
  #deadline: NodeJS.Timeout | undefined;
  /** With a streamed body the deadline covers the queue only: the upload's pace is the route's to judge. */
  readonly #untilConnect: boolean;
  readonly #onDeadline = (): void => {
    this.#deadline = undefined;
    this.giveUp(new ProxyError('zoom_timeout'));
  };

  constructor(
    res: ServerResponse,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    streamedBody: boolean,
    resolve: (response: UpstreamResponse) => void,
    reject: (err: Error) => void,
  ) {
    this.#res = res;
    this.#signal = signal;
    this.#timeoutMs = timeoutMs;
    this.#untilConnect = streamedBody;
    this.#resolve = resolve;
    this.#reject = reject;
    res.on('close', this.#onClose);
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#deadline = setTimeout(this.#onDeadline, timeoutMs);
  }

  #clearDeadline(): void {
    if (this.#deadline === undefined) return;
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }

  giveUp(reason: Error): void {
    if (this.#abandoned) return;
    this.#abandoned = reason;
    // Taken before the abort: undici calls onError at once from it, which lets go of the response.
    const response = this.#response;
    this.#abort?.(reason);
    if (!this.#settled) this.#settle(undefined, reason);
    // Whoever reads the response learns that no more of it will come.
    else response?.destroy();
  }

  #settle(response: UpstreamResponse | undefined, err?: Error): void {
    this.#settled = true;
    this.#clearDeadline();
    if (response) this.#resolve?.(response);
    else this.#reject?.(err as Error);
    this.#resolve = undefined;
    this.#reject = undefined;
  }

  /** The request is over: let go of what it held (see the class comment). */
  #done(): void {
    this.#clearDeadline();
    this.#abort = undefined;
    this.#res?.off('close', this.#onClose);
    this.#res = undefined;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#signal = undefined;
  }

  onConnect(abortRequest: (err?: Error) => void): void {
    // Given up while queued: throwing drops the request and keeps the connection (abort would close it).
    if (this.#abandoned) throw this.#abandoned;
    this.#abort = abortRequest;
    if (this.#untilConnect) this.#clearDeadline();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx informational responses (103 Early Hints) are not the response.
    if (statusCode < 200 || this.#abandoned) return true;
    // Zoom's raw fields, in its order and spelling.
    const response = upstreamResponseOf(statusCode, rawHeaders);
    response.resumeUpstream = resume;
    response.abortUpstream = (err) => {
      if (this.#abandoned) return;
      this.#abandoned = err;
      this.#abort?.(err);
    };
    this.#response = response;
    this.#settle(response);
    return true;
  }

  onData(chunk: Buffer): boolean {
    const response = this.#response;
    if (!response || response.feed(chunk)) return true;
    response.pausedFor(this.#timeoutMs);
    return false;
  }

  onComplete(): void {
    this.#done();
    const response = this.#response;
    this.#response = undefined;
    if (!response) return;
    response.finish();
  }

  onError(err: Error): void {
    this.#done();
    const response = this.#response;
    this.#response = undefined;
    if (this.#abandoned) return;
    const error = upstreamError(err);
    if (response) {
      response.destroy(error);
      return;
    }
    if (closedBeforeResponse(err)) staleConnections.add(error);
    this.#settle(undefined, error);
  }
}

export function createForwarder(options: ForwarderOptions): Forwarder {
  const origin = new URL(options.apiUrl).origin;
  const { dispatcher, timeoutMs } = options;

  return {
    forward(req, res, forwardOptions) {
      return new Promise<UpstreamResponse>((resolve, reject) => {
        // `req.socket`: `res.socket` is null while a pipelined request waits its turn; undici empties
        // `req.socket` only once it has sent this request's body (then 'close' on res tells the rest).
        if (res.writableEnded || (req.socket as IncomingMessage['socket'] | null)?.destroyed) {
          reject(new ClientGoneError());
          return;
        }
        const signal = forwardOptions.signal;
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        const body = forwardOptions.body;
        dispatcher.dispatch(
          {
            origin,
            path: forwardOptions.path,
            method: (req.method ?? 'GET'),
            headers: outgoingHeaders(req.rawHeaders, forwardOptions),
            body: body ?? null,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            // The route decides what may be sent again (and does so itself, once).
            idempotent: false,
          },
          new ForwardHandler(res, signal, timeoutMs, body !== undefined && !Buffer.isBuffer(body), resolve, reject),
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
