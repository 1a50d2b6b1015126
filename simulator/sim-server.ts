/**
 * One simulated host: a `node:http` server that reads each request whole, records it, applies the
 * faults, runs the route and writes its answer. Also listening and closing, with the port kept so
 * `faults.up()` comes back where it was.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { RequestKind, SeenRequest } from './types.js';
import type { FaultRequest, SimFaults } from './faults.js';
import type { SimRecord } from './record.js';
import { type SimResponse, sendResponse, zoomError } from './response.js';
import { compressJson } from './compress.js';

/** Bodies kept for the routes; bigger ones are counted and hashed, and the routes see none. */
const MAX_KEPT_BODY = 1024 * 1024;

export interface SimRequest {
  method: string;
  /** As received: percent-encoding untouched, query included. */
  rawPath: string;
  /** Raw path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  kind: RequestKind;
}

export interface SimServerDeps {
  name: SeenRequest['server'];
  kindOf(path: string): RequestKind;
  route(req: SimRequest): SimResponse | Promise<SimResponse>;
  /** The rate-limit category of an API route, for a rate-limit fault that names none. */
  categoryOf?(req: SimRequest): FaultRequest['category'];
  /** Name of the account whose credential the request carries, for `seen` and the faults. */
  accountOf?(req: SimRequest): string | undefined;
  record: SimRecord;
  faults: SimFaults;
  clock: () => number;
  /** Compress JSON answers per `Accept-Encoding`. */
  compressJson?: boolean;
}

async function readBody(req: IncomingMessage): Promise<{ kept: Buffer; length: number; sha256: string }> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    hash.update(chunk);
    length += chunk.length;
    if (length <= MAX_KEPT_BODY) chunks.push(chunk);
  }
  return { kept: length <= MAX_KEPT_BODY ? Buffer.concat(chunks) : Buffer.alloc(0), length, sha256: hash.digest('hex') };
}

async function handle(deps: SimServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawPath = req.url ?? '/';
  const queryAt = rawPath.indexOf('?');
  const path = queryAt < 0 ? rawPath : rawPath.slice(0, queryAt);
  const method = req.method ?? 'GET';
  const kind = deps.kindOf(path);
  const body = await readBody(req);
  const simReq: SimRequest = {
    method, rawPath, path, kind, headers: req.headers, body: body.kept,
    query: new URLSearchParams(queryAt < 0 ? '' : rawPath.slice(queryAt + 1)),
  };
  const account = deps.accountOf?.(simReq);
  const seen: SeenRequest = {
    server: deps.name, kind, method, rawPath, headers: { ...req.headers },
    bodyLength: body.length, bodySha256: body.sha256, at: deps.clock(), abandoned: false,
    ...(account === undefined ? {} : { account }),
  };
  deps.record.push(seen);
  res.once('close', () => {
    if (!res.writableFinished) seen.abandoned = true;
  });

  const plan = deps.faults.plan({ method, path, kind, account, category: deps.categoryOf?.(simReq) });
  const gone = { status: 0, bodyBytes: 0, complete: false };
  if (plan.headersMs > 0) await sleep(plan.headersMs, undefined, { ref: false });
  if (res.destroyed) {
    seen.response = gone;
    return;
  }
  if (plan.resetBeforeHeaders) {
    // A TCP RST, as a dropped connection looks to the client (ECONNRESET).
    req.socket.resetAndDestroy();
    seen.response = gone;
    return;
  }
  let out = plan.respond ?? (await deps.route(simReq));
  if (deps.compressJson) out = compressJson(out, req.headers['accept-encoding']);
  seen.response = await sendResponse(res, out, plan.tap, method === 'HEAD');
}

export class SimServer {
  readonly server: Server;
  #port: number;

  constructor(
    private readonly deps: SimServerDeps,
    private readonly host: string,
    port: number,
  ) {
    this.#port = port;
    this.server = createServer((req, res) => {
      handle(deps, req, res).catch((err: unknown) => {
        if (res.headersSent || res.destroyed) return void res.destroy();
        const message = err instanceof Error ? err.message : String(err);
        void sendResponse(res, zoomError(500, 500, `simulator failure: ${message}`), {}, false);
      });
    });
    if (deps.name === 'main') this.server.on('connection', () => (deps.record.connectionsAccepted += 1));
  }

  /** TCP connections open now, idle or busy. */
  openConnections(): Promise<number> {
    return new Promise((resolve, reject) => this.server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.#port}`;
  }

  /** Listen on the host and (after the first time) the same port; a no-op while listening. */
  listen(): Promise<void> {
    if (this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        if (err.code === 'EADDRNOTAVAIL') {
          err.message += ` (the simulator needs loopback address ${this.host}; on macOS: sudo ifconfig lo0 alias ${this.host})`;
        }
        reject(err);
      };
      this.server.once('error', onError);
      this.server.listen(this.#port, this.host, () => {
        this.server.off('error', onError);
        this.#port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stop listening and destroy every connection, idle or busy; resolves once closed. */
  close(): Promise<void> {
    if (!this.server.listening) {
      this.server.closeAllConnections();
      return Promise.resolve();
    }
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }
}
