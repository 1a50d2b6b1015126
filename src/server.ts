import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { zoomAccountsOf } from './accounts/zoom-accounts-of.js';
import { createApp } from './app.js';
import { DEFAULTS, type Config, type StoreConfig } from './config/config.js';
import { createServices, type Deps, type Services } from './services.js';

export interface RunningProxy {
  server: Server;
  /** Where it listens, `http://HOST:PORT` with the port actually bound. */
  url: string;
  /** The base of the links handed out (`publicUrl`, or `url` by default); a reload may change it. */
  readonly publicUrl: string;
  /** The services of the configuration new requests get (the latest applied by `reload`). */
  readonly services: Services;
  /**
   * Apply `config` to the requests that arrive from now on; requests in flight finish on the
   * configuration they started with. What cannot change without a restart (where it listens) is kept
   * and named in the outcome.
   */
  reload(config: Config): ReloadOutcome;
  /**
   * Stop accepting connections at once, let requests in flight (downloads included) finish for up to
   * `graceMs`, then cut what is left. Resolves when every connection is closed.
   */
  shutdown(graceMs: number): Promise<void>;
}

export interface ReloadOutcome {
  /** Keys that differ from the running configuration's and need a restart: `listen.port`, ... */
  restartNeeded: string[];
  /** Whether the held Zoom token, ZAKs and other Zoom caches were kept (Zoom side unchanged), for every account. */
  zoomCachesKept: boolean;
  /**
   * With several accounts, those whose token and Zoom caches start empty (their Zoom side changed, or
   * the account is new); with one (`zoom` an object) absent, as `zoomCachesKept` says it all.
   */
  zoomCachesReset?: string[];
}

/** Keys read only when the socket is bound. */
const RESTART_KEYS = ['host', 'port', 'maxHeaderBytes'] as const;
/** Sections whose `connections` sized every account's pools to Zoom at start (zoom-pools.ts). */
const POOL_SECTIONS = ['passthrough', 'downloads'] as const;
/** The store is connected once, at start (src/store/). */
const STORE_KEYS = ['type', 'url', 'keyPrefix'] as const;
/** A Config built by hand (tests) may leave `store` out: the memory store, as parsing writes it. */
const storeOf = (config: Config): StoreConfig => config.store ?? DEFAULTS.store;

/**
 * Slow-loris guards: a client gets `headersMs` to send its headers and `requestMs` for its whole
 * request; an idle keep-alive connection is closed after `keepAliveMs`. Node checks the first two
 * every `checkIntervalMs` (its default, 30 s, would let a slow client hold a socket that long).
 */
export interface ServerTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  checkIntervalMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 20_000, requestMs: 120_000, keepAliveMs: 5_000, checkIntervalMs: 1_000 };

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Binds the socket first, so that the default publicUrl can name the port actually bound (`listen.port`
 * 0 picks one), then builds the app and attaches it in the same tick: no request can arrive before it.
 */
export async function startProxy(deps: Omit<Deps, 'publicUrl'>, timeouts: ServerTimeouts = SERVER_TIMEOUTS): Promise<RunningProxy> {
  const { config } = deps;
  const server = createServer({
    maxHeaderSize: config.listen.maxHeaderBytes,
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${hostForUrl(config.listen.host)}:${port}`;
  const publicUrl = config.publicUrl ?? url;
  // One object per configuration, swapped whole by reload: a request reads it once, as it arrives,
  // and runs to its end on that configuration's services.
  let live = liveOf(createServices({ ...deps, publicUrl }));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => live.app(req, res));

  function reload(next: Config): ReloadOutcome {
    // An account's pools keep the size of their first use; a new account's are built now, with its own.
    const accounts = zoomAccountsOf(next);
    const poolSizes = accounts.map((account) => deps.pools.of(account).connections);
    const restartNeeded = [
      ...RESTART_KEYS.filter((key) => next.listen[key] !== config.listen[key]).map((key) => `listen.${key}`),
      ...accounts.flatMap((account, i) =>
        account.connections === poolSizes[i] ? [] : [next.accounts === undefined ? 'zoom.connections' : `zoom[${i}].connections`],
      ),
      ...POOL_SECTIONS.filter((section) => next[section].connections !== config[section].connections).map((section) => `${section}.connections`),
      ...STORE_KEYS.filter((key) => storeOf(next)[key] !== storeOf(config)[key]).map((key) => `store.${key}`),
    ];
    // Where it listens and the pools' sizes stay as started; the default publicUrl stays the bound address.
    const sized = <T extends { connections: number }>(zoom: T, i: number): T => ({ ...zoom, connections: poolSizes[i] ?? zoom.connections });
    const applied: Config = {
      ...next,
      listen: config.listen,
      zoom: sized(next.zoom, 0),
      ...(next.accounts === undefined ? {} : { accounts: next.accounts.map(sized) }),
      passthrough: { ...next.passthrough, connections: config.passthrough.connections },
      downloads: { ...next.downloads, connections: config.downloads.connections },
      ...(config.store === undefined ? {} : { store: config.store }),
    };
    const previous = live.services;
    const services = createServices({ ...deps, config: applied, publicUrl: applied.publicUrl ?? url }, previous);
    live = liveOf(services);
    const reset = [...services.accounts].filter(([name, side]) => previous.accounts.get(name)?.tokens !== side.tokens).map(([name]) => name);
    return { restartNeeded, zoomCachesKept: reset.length === 0, ...(applied.accounts === undefined ? {} : { zoomCachesReset: reset }) };
  }

  // closeIdleConnections() does not count a connection that never sent a request as idle, so one that
  // sends nothing (a browser's preconnect) would hold a shutdown for its whole grace period. (Node
  // itself closes such a connection after headersTimeout, with a 408.) Tracked per connection, not
  // per request: the hot path pays nothing.
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  /** Close the connections that have not sent a byte: nothing of theirs is in flight. */
  const closeSilentConnections = (): void => {
    for (const socket of connections) if (socket.bytesRead === 0) socket.destroy();
  };

  let closing: Promise<void> | undefined;
  function shutdown(graceMs: number): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      // Answers finished from now on close their connection instead of keeping it alive.
      server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
      const sweep = setInterval(() => {
        server.closeIdleConnections();
        closeSilentConnections();
      }, 100);
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
      closeSilentConnections();
    });
    return closing;
  }

  return {
    server,
    url,
    get publicUrl() {
      return live.services.publicUrl;
    },
    get services() {
      return live.services;
    },
    reload,
    shutdown,
  };
}

function liveOf(services: Services): { services: Services; app: (req: IncomingMessage, res: ServerResponse) => void } {
  return { services, app: createApp(services) };
}
