import type { Dispatcher } from 'undici';
import { ProxyError } from '../errors.js';

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/** Where a body goes: `write` answers false to ask Zoom's side to pause until `resume()` is called. */
export interface BodySink {
  write(chunk: Buffer): boolean;
}

/** One request to Zoom (or to its file host) whose answer's headers are in, its body not yet read. */
export interface UpstreamExchange {
  readonly url: URL;
  readonly status: number;
  readonly headers: UpstreamHeaders;
  /** Streams the body into `sink`; resolves at its end, rejects when it breaks, times out or is aborted. */
  pipe(sink: BodySink): Promise<void>;
  /** Lets the body flow again after `sink.write` answered false. */
  resume(): void;
  /** Reads and drops a small body (a redirect's, an error page's), keeping the connection; aborts a long one. */
  discard(): Promise<void>;
  abort(reason?: Error): void;
}

export interface UpstreamRequest {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** Time allowed until the answer's headers are in, once the request is on a connection (undici's headersTimeout). */
  headersTimeoutMs: number;
  /**
   * Time allowed from now until the answer's headers are in, time queued for a free connection
   * included: undici's own timers and the abort signal do nothing while a request waits in the
   * pool's queue, so a pool held by slow readers held every later download with it.
   */
  headDeadlineMs: number;
  /** Time allowed between two pieces of the body (undici's bodyTimeout: idle, not total; paused time is not counted). */
  bodyTimeoutMs: number;
  /** Aborts the exchange: the client went away. */
  signal: AbortSignal;
}

/** A body longer than this is not worth reading to keep a connection: the exchange is aborted instead. */
const DISCARD_LIMIT = 64 * 1024;

/**
 * One exchange over undici's `dispatch`, with no redirect following and no body buffering: the
 * answer's headers resolve the promise with the parser paused, and the body then flows straight from
 * undici's parser into a sink, pausing the socket whenever the sink says so. Streams of Readables are
 * left out on purpose: one handler between the socket and the client is the cheapest path (the
 * chunk is handed on, never copied).
 */
export function sendUpstream(dispatcher: Dispatcher, url: URL, request: UpstreamRequest): Promise<UpstreamExchange> {
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) {
      reject(request.signal.reason as Error);
      return;
    }
    const exchange = new Exchange(url, resolve, reject, request.signal, request.headDeadlineMs);
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers: request.headers,
          headersTimeout: request.headersTimeoutMs,
          bodyTimeout: request.bodyTimeoutMs,
        },
        exchange,
      );
    } catch (err) {
      exchange.onResponseError(undefined, err as Error);
    }
  });
}

class Exchange implements UpstreamExchange, Dispatcher.DispatchHandler {
  status = 0;
  headers: UpstreamHeaders = {};
  #controller: Dispatcher.DispatchController | undefined;
  #sink: BodySink | undefined;
  /** Chunks that came before a sink was attached (the parser is paused at the headers, so few or none). */
  #early: Buffer[] = [];
  #started = false;
  #ended = false;
  #error: Error | undefined;
  #abortReason: Error | undefined;
  #body: { resolve: () => void; reject: (err: Error) => void } | undefined;
  readonly #onAbort = (): void => this.abort(this.signal.reason as Error);
  #deadline: NodeJS.Timeout | undefined;

  constructor(
    readonly url: URL,
    private readonly resolveHeaders: (exchange: UpstreamExchange) => void,
    private readonly rejectHeaders: (err: Error) => void,
    private readonly signal: AbortSignal,
    headDeadlineMs: number,
  ) {
    signal.addEventListener('abort', this.#onAbort, { once: true });
    this.#deadline = setTimeout(() => {
      this.#deadline = undefined;
      this.abort(new ProxyError('zoom_timeout'));
    }, headDeadlineMs);
  }

  #clearDeadline(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason) controller.abort(this.#abortReason);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: UpstreamHeaders): void {
    if (status < 200) return; // 1xx: informational, the real answer follows
    this.#clearDeadline();
    this.#controller = controller;
    this.#started = true;
    this.status = status;
    this.headers = headers;
    controller.pause(); // nothing flows until someone decides where the body goes
    this.resolveHeaders(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#sink === undefined) {
      this.#early.push(chunk);
      controller.pause();
    } else if (!this.#sink.write(chunk)) {
      controller.pause();
    }
  }

  onResponseEnd(): void {
    this.#ended = true;
    this.signal.removeEventListener('abort', this.#onAbort);
    this.#body?.resolve();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, err: Error): void {
    this.#error ??= err;
    this.#clearDeadline();
    this.signal.removeEventListener('abort', this.#onAbort);
    if (!this.#started) this.rejectHeaders(err);
    else this.#body?.reject(err);
  }

  pipe(sink: BodySink): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#sink = sink;
      let flowing = true;
      for (const chunk of this.#early.splice(0)) flowing = sink.write(chunk) && flowing;
      if (this.#error) return reject(this.#error);
      if (this.#ended) return resolve();
      this.#body = { resolve, reject };
      if (flowing) this.resume();
    });
  }

  resume(): void {
    this.#controller?.resume();
  }

  discard(): Promise<void> {
    let seen = 0;
    const drop: BodySink = {
      write: (chunk) => {
        seen += chunk.length;
        if (seen <= DISCARD_LIMIT) return true;
        // Not from inside undici's parser callback: abort once it has returned.
        queueMicrotask(() => this.abort(new Error('body too long to discard')));
        return false;
      },
    };
    return this.pipe(drop).catch(() => undefined);
  }

  abort(reason: Error = new Error('aborted')): void {
    if (this.#ended || this.#error) return;
    this.#abortReason = reason;
    if (this.#controller) this.#controller.abort(reason);
    else this.onResponseError(undefined, reason); // not on a socket yet: undici aborts it on onRequestStart
  }
}
