import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ProxyError } from '../errors.js';
import type { DownloadAgents } from './download-agents.js';

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/** Where a body goes: `write` answers false to ask Zoom's side to pause until `resume()` is called. */
export interface BodySink {
  write(chunk: Buffer): boolean;
}

/**
 * Zoom's response (or its file host's) to one download request: status and headers in, body not yet
 * read. A redirect or an error page is one too; it is read and dropped (`discard`).
 */
export interface FileResponse {
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

export interface FileRequestOptions {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /**
   * Time allowed without a byte from Zoom: from the request on a connection to the response's
   * headers, then between two pieces of the body (idle, not total; paused time is not counted).
   */
  idleTimeoutMs: number;
  /**
   * Time allowed from now until the response's headers are in, time queued for a free connection
   * included: a pool held by slow readers must not hold every later download with it.
   */
  headDeadlineMs: number;
  /** Aborts the request: the client went away. */
  signal: AbortSignal;
}

/** A body longer than this is not worth reading to keep a connection: the request is aborted instead. */
const DISCARD_LIMIT = 64 * 1024;

/** Zoom silent for longer than allowed; `ETIMEDOUT` is what toProxyError reads as `zoom_timeout`. */
function silence(what: string, ms: number): Error {
  return Object.assign(new Error(`Zoom sent nothing ${what} for ${ms} ms`), { code: 'ETIMEDOUT' });
}

/** Headers as they came: lower-case names, a repeated header as an array, so its first value is never lost in a join. */
function headersOf(raw: string[]): UpstreamHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const seen = headers[name];
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return headers;
}

/**
 * One download request over node's http client, with no redirect following and no body buffering: the
 * response's headers resolve the promise, and the body then flows from the socket into a sink in
 * node's own chunks, the response paused whenever the sink says so (node then stops reading the
 * socket). No stream pipeline between the socket and the client: one listener hands each chunk on.
 */
export function requestFile(agents: DownloadAgents, url: URL, request: FileRequestOptions): Promise<FileResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) {
      reject(request.signal.reason as Error);
      return;
    }
    const file = new FileRequest(url, request, resolve, reject);
    try {
      const secure = url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)({
        agent: secure ? agents.https : agents.http,
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port === '' ? undefined : url.port,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
      });
      file.attach(req);
    } catch (err) {
      file.fail(err as Error);
    }
  });
}

/** One node:http request and, once its headers are in, the FileResponse it resolves to. */
class FileRequest implements FileResponse {
  status = 0;
  headers: UpstreamHeaders = {};
  #req: ClientRequest | undefined;
  #res: IncomingMessage | undefined;
  #paused = false;
  #ended = false;
  #error: Error | undefined;
  #body: { resolve: () => void; reject: (err: Error) => void } | undefined;
  readonly #onAbort = (): void => this.abort(this.signal.reason as Error);
  #deadline: NodeJS.Timeout | undefined;
  /** Zoom's silence: watched while waiting for its headers or its body, never while paused. */
  #idle: NodeJS.Timeout | undefined;
  /** Set by every chunk, cleared by the watch's tick: a flag, not a timer reset, per chunk. */
  #moved = false;

  constructor(
    readonly url: URL,
    private readonly request: FileRequestOptions,
    private readonly resolveHeaders: (response: FileResponse) => void,
    private readonly rejectHeaders: (err: Error) => void,
  ) {
    this.signal.addEventListener('abort', this.#onAbort, { once: true });
    this.#deadline = setTimeout(() => this.abort(new ProxyError('zoom_timeout')), request.headDeadlineMs);
  }

  private get signal(): AbortSignal {
    return this.request.signal;
  }

  attach(req: ClientRequest): void {
    this.#req = req;
    req.on('error', (err) => this.fail(err));
    req.once('socket', () => this.#armIdle('before its response'));
    req.once('response', (res) => this.#onResponse(res));
    req.end();
  }

  /**
   * Coarse, as the client's side is watched (pipe-with-resume.ts): a tick every half idle time, and
   * two quiet ticks in a row abort, so Zoom is cut off after 1 to 1.5 times its idle time of silence.
   */
  #armIdle(what: string): void {
    clearInterval(this.#idle);
    const ms = this.request.idleTimeoutMs;
    let quiet = 0;
    this.#moved = true;
    this.#idle = setInterval(() => {
      if (this.#moved) {
        this.#moved = false;
        quiet = 0;
      } else if (++quiet >= 2) {
        this.abort(silence(what, ms));
      }
    }, Math.max(1, ms / 2));
    this.#idle.unref();
  }

  #onResponse(res: IncomingMessage): void {
    clearTimeout(this.#deadline);
    clearInterval(this.#idle);
    this.#res = res;
    this.status = res.statusCode ?? 0;
    this.headers = headersOf(res.rawHeaders);
    res.on('error', (err) => this.fail(err));
    res.once('end', () => this.#onEnd());
    // Unread, the response stays paused: node stops reading the socket once its buffer is full.
    this.resolveHeaders(this);
  }

  #onEnd(): void {
    this.#ended = true;
    clearInterval(this.#idle);
    this.signal.removeEventListener('abort', this.#onAbort);
    this.#body?.resolve();
  }

  fail(err: Error): void {
    if (this.#error || this.#ended) return;
    this.#error = err;
    clearTimeout(this.#deadline);
    clearInterval(this.#idle);
    this.signal.removeEventListener('abort', this.#onAbort);
    if (this.#res === undefined) this.rejectHeaders(err);
    else this.#body?.reject(err);
  }

  pipe(sink: BodySink): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#error) return reject(this.#error);
      if (this.#ended) return resolve();
      const res = this.#res!;
      this.#body = { resolve, reject };
      this.#armIdle('mid-body');
      res.on('data', (chunk: Buffer) => {
        this.#moved = true;
        if (!sink.write(chunk)) this.#pause();
      });
    });
  }

  #pause(): void {
    if (this.#paused || this.#ended || this.#error) return;
    this.#paused = true;
    this.#res!.pause();
    clearInterval(this.#idle);
  }

  resume(): void {
    if (!this.#paused || this.#ended || this.#error) return;
    this.#paused = false;
    this.#armIdle('mid-body');
    this.#res!.resume();
  }

  discard(): Promise<void> {
    let seen = 0;
    const drop: BodySink = {
      write: (chunk) => {
        seen += chunk.length;
        if (seen <= DISCARD_LIMIT) return true;
        queueMicrotask(() => this.abort(new Error('body too long to discard')));
        return false;
      },
    };
    return this.pipe(drop).catch(() => undefined);
  }

  abort(reason: Error = new Error('aborted')): void {
    if (this.#ended || this.#error) return;
    this.fail(reason);
    // The socket goes with it: a connection that stopped mid-response cannot be reused.
    this.#req?.destroy();
  }
}
