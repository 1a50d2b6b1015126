/**
 * The one module that imports `http-proxy` (unmaintained since 2020: kept behind `forward()` so it
 * can be swapped without touching the routes). It sends a client's request to Zoom over a keep-alive
 * pool and hands back Zoom's answer with its body unread (`selfHandleResponse`); what to do with the
 * answer is the caller's business.
 *
 * What it guarantees: the path goes out byte for byte (http-proxy's own join collapses `//`, so the
 * path is set on the outgoing request itself); hop-by-hop fields and those the `Connection` header
 * names never reach Zoom; the client's `Authorization` is replaced by the proxy's Zoom token; the
 * exchange fails with `zoom_timeout` when Zoom is idle for `timeoutMs` and with `zoom_unreachable`
 * when it cannot be reached or resets; a client that goes away destroys the upstream request; and
 * http-proxy's errors after that (it reports the aborted request too) are swallowed.
 */
import http, { type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import httpProxy from 'http-proxy';
import { ProxyError, toProxyError } from '../errors.js';
import { HOP_BY_HOP, connectionListed } from './hop-headers.js';

export interface ZoomProxyOptions {
  /** `zoom.apiUrl`: its origin is where requests go; the path of each request is given by the caller. */
  apiUrl: string;
  /** How long Zoom may stay silent: before its answer, or between two chunks of it. */
  timeoutMs: number;
  /** Connection pool to Zoom; a keep-alive agent by default. */
  agent?: http.Agent;
}

export interface ForwardOptions {
  /** The path and query to ask Zoom for, exactly as they go on the request line. */
  path: string;
  /** The proxy's Zoom access token, sent as `Authorization: Bearer`. */
  token: string;
  /** Fields to set on the outgoing request (the client's are replaced). */
  headers?: Record<string, string>;
  /** Fields of the client's request not to forward, lowercased. */
  drop?: readonly string[];
  /** The body to send: bytes already read, or a stream; absent: the client's request stream is piped as it comes. */
  body?: Buffer | Readable;
  /** Aborting it destroys the upstream request and rejects with the signal's reason (when Zoom has not answered yet). */
  signal?: AbortSignal;
}

export interface ZoomProxy {
  /**
   * Send the request; resolves with Zoom's answer (status and headers in, body unread), rejects with
   * a ProxyError (`zoom_unreachable`, `zoom_timeout`) or a ClientGoneError. Call it again with the same
   * `req` only once the previous answer has been read or destroyed.
   */
  forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): Promise<IncomingMessage>;
  /** Destroy the pooled connections. */
  close(): void;
}

/** The client went away before Zoom answered: nothing is left to answer. */
export class ClientGoneError extends Error {
  readonly code = 'CLIENT_GONE';
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/** One request to Zoom in flight. */
interface Exchange {
  path: string;
  settled: boolean;
  clientGone: boolean;
  /** The caller gave up on the request (its signal): the upstream request must not complete. */
  aborted: boolean;
  proxyReq: ClientRequest | undefined;
  response: IncomingMessage | undefined;
  resolve(res: IncomingMessage): void;
  reject(err: Error): void;
}

/** Failures on a kept-alive connection that Zoom had already closed: safe to retry once (Node's docs). */
const staleConnections = new WeakSet<Error>();

/** Whether a forward failed because a reused keep-alive connection was reset before any answer. */
export function isStaleConnection(err: unknown): boolean {
  return err instanceof Error && staleConnections.has(err);
}

/** Idle keep-alive connections to Zoom are closed after this long, before Zoom closes them under us. */
const FREE_SOCKET_TIMEOUT_MS = 10_000;

function timeoutError(): Error {
  return Object.assign(new Error('Zoom sent nothing within the timeout'), { code: 'ETIMEDOUT' });
}

function bodyStream(body: Buffer): Readable {
  return new Readable({
    read() {
      if (body.length > 0) this.push(body);
      this.push(null);
    },
  });
}

export function createZoomProxy(options: ZoomProxyOptions): ZoomProxy {
  const api = new URL(options.apiUrl);
  const secure = api.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxFreeSockets: 256, timeout: FREE_SOCKET_TIMEOUT_MS, scheduling: 'lifo' as const };
  const agent = options.agent ?? (secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions));
  const target = {
    protocol: api.protocol,
    host: api.host,
    hostname: api.hostname.replace(/^\[|\]$/g, ''),
    port: Number(api.port || (secure ? 443 : 80)),
  };
  // toProxy + prependPath false: http-proxy does not parse or join paths; the exact one is set below.
  const proxy = httpProxy.createProxyServer({ target, agent, changeOrigin: true, selfHandleResponse: true, xfwd: false, toProxy: true, prependPath: false });
  const inFlight = new WeakMap<IncomingMessage, Exchange>();

  // Emitted once the outgoing request has a socket and before a byte of it is written (we strip
  // `Expect`, the one header that makes http-proxy skip this event).
  proxy.on('proxyReq', (proxyReq, req) => {
    const ex = inFlight.get(req);
    if (!ex) return;
    ex.proxyReq = proxyReq;
    proxyReq.path = ex.path;
    // http-proxy gives a DELETE or OPTIONS without Content-Length a `Content-Length: 0`, even when the
    // body is sent chunked: two framings Zoom would read differently (request smuggling's recipe).
    if (proxyReq.getHeader('transfer-encoding') !== undefined) proxyReq.removeHeader('content-length');
    proxyReq.setTimeout(options.timeoutMs, () => {
      const err = timeoutError();
      if (ex.response) ex.response.destroy(err);
      else proxyReq.destroy(err);
    });
    if (ex.clientGone || ex.aborted) proxyReq.destroy();
  });

  proxy.on('proxyRes', (proxyRes, req) => {
    const ex = inFlight.get(req);
    if (!ex || ex.settled) {
      proxyRes.destroy();
      return;
    }
    ex.response = proxyRes;
    ex.settled = true;
    ex.resolve(proxyRes);
  });

  // Only reached if an error escapes the per-request callback; never let it throw (http-proxy
  // re-throws errors nobody listens to).
  proxy.on('error', () => undefined);

  return {
    forward(req, res, forwardOptions) {
      return new Promise<IncomingMessage>((resolve, reject) => {
        if (res.writableEnded || req.socket.destroyed) {
          reject(new ClientGoneError());
          return;
        }
        const ex: Exchange = {
          path: forwardOptions.path,
          settled: false,
          clientGone: false,
          aborted: false,
          proxyReq: undefined,
          response: undefined,
          resolve,
          reject,
        };
        inFlight.set(req, ex);

        stripRequestHeaders(req, forwardOptions.drop);

        res.once('close', () => {
          if (res.writableFinished || ex.response?.complete) return;
          ex.clientGone = true;
          ex.proxyReq?.destroy();
          ex.response?.destroy();
          if (!ex.settled) {
            ex.settled = true;
            reject(new ClientGoneError());
          }
        });

        forwardOptions.signal?.addEventListener(
          'abort',
          () => {
            ex.aborted = true;
            ex.proxyReq?.destroy();
            if (!ex.settled) {
              ex.settled = true;
              reject(forwardOptions.signal?.reason as Error);
            }
          },
          { once: true },
        );

        const perRequest: httpProxy.ServerOptions = { headers: { ...forwardOptions.headers, authorization: `Bearer ${forwardOptions.token}` } };
        const body = forwardOptions.body;
        if (body !== undefined) perRequest.buffer = Buffer.isBuffer(body) ? bodyStream(body) : body;
        proxy.web(req, res, perRequest, (err) => {
          // Also called for the abort we caused, and for errors of the client's own request stream.
          if (ex.settled) return;
          ex.settled = true;
          const error = ex.clientGone ? new ClientGoneError() : toUpstreamError(err);
          if (!ex.response && ex.proxyReq?.reusedSocket && /^(ECONNRESET|EPIPE)$/.test((err as NodeJS.ErrnoException).code ?? '')) {
            staleConnections.add(error);
          }
          reject(error);
        });
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/**
 * Remove from the client's headers what must not reach Zoom: hop-by-hop fields, those its
 * `Connection` names, `Expect` (our server already answered any 100-continue, and without it
 * http-proxy always emits proxyReq), the client's `Authorization`, and `drop`. One pass over the raw
 * names, deleting only what is there: most requests carry none of them.
 */
function stripRequestHeaders(req: IncomingMessage, drop: readonly string[] | undefined): void {
  const headers = req.headers;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (name === 'connection') {
      for (const listed of connectionListed(raw[i + 1])) if (listed !== 'host') delete headers[listed];
      delete headers.connection;
    } else if (name === 'authorization' || name === 'expect' || HOP_BY_HOP.has(name)) {
      delete headers[name];
    }
  }
  if (drop) for (const name of drop) if (name in headers) delete headers[name];
}

/** Zoom could not be reached, reset, or was too slow. Anything unrecognised is still Zoom's side. */
function toUpstreamError(err: unknown): ProxyError {
  const mapped = toProxyError(err);
  return mapped.code === 'internal' ? new ProxyError('zoom_unreachable', { cause: err }) : mapped;
}
