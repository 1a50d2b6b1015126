import { createClient } from 'redis';
import type { Logger } from '../logging/create-logger.js';
import { PROBE } from './redis-scripts.js';

/**
 * The store's two connections to Redis (commands, and one subscriber for the store's channel) and
 * its circuit breaker. Any failed or late command opens the breaker at once for every cache: each
 * replica then works on its own state, as with the memory store, until a background probe (a script
 * that writes, as the store's do) succeeds again (docs/replicas.md). Logged once when it opens and once when it closes; never thrown at a request.
 */
export interface RedisLink {
  /** Whether Redis is used now (the breaker is closed). */
  available(): boolean;
  /** One command, rejected after the command timeout; a failure opens the breaker, then rethrows. */
  run(args: string[]): Promise<unknown>;
  /** Calls `listener` each time the breaker opens (waiters then stop waiting for Redis). Returns the remover. */
  onUnavailable(listener: () => void): () => void;
  /** Resolves once Redis is first usable, or after `withinMs` if it is not (the store then starts unavailable). */
  firstContact(withinMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface RedisLinkOptions {
  url: string;
  /** The store's one pub/sub channel. */
  channel: string;
  /** The key the probe writes (under the store's prefix, apart from every cache's keys). */
  probeKey: string;
  /** A command not answered within this is a failure (and opens the breaker). */
  commandTimeoutMs: number;
  /** While the breaker is open, how often Redis is probed. */
  probeIntervalMs: number;
  logger: Logger;
  /** A message on the channel (raw: parse-store-message reads it). */
  onMessage(message: Buffer): void;
  /** Counts a failed command or connection error, and the breaker's state (1 open, 0 closed). */
  onError?(): void;
  onState?(unavailable: boolean): void;
}

/** Reconnection attempts back off up to this, then keep trying at this pace (Redis may come back any time). */
const MAX_RECONNECT_DELAY_MS = 1_000;

export function createRedisLink(options: RedisLinkOptions): RedisLink {
  const { logger, commandTimeoutMs } = options;
  const endpoint = describeEndpoint(options.url);
  const client = createClient({
    url: options.url,
    // Commands fail at once while disconnected, rather than queueing behind a reconnection.
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs, rejectInFlight: true },
    socket: {
      connectTimeout: Math.max(commandTimeoutMs, 1_000),
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  });
  const subscriber = client.duplicate();
  let up = false;
  let subscribed = false;
  let closed = false;
  let announcedDown = false;
  const downListeners = new Set<() => void>();
  const upWaiters = new Set<() => void>();

  const goDown = (reason: string): void => {
    if (!up) return;
    up = false;
    announcedDown = true;
    options.onState?.(true);
    logger.warn({ store: endpoint, reason }, 'store unavailable: Redis cannot be used; each replica works on its own state until it answers again');
    for (const listener of [...downListeners]) listener();
    startProbing();
  };
  const goUp = (): void => {
    if (up || closed) return;
    up = true;
    options.onState?.(false);
    if (announcedDown) logger.info({ store: endpoint }, 'store available again: replicas share state through Redis');
    announcedDown = false;
    stopProbing();
    for (const resolve of [...upWaiters]) resolve();
  };
  const failure = (err: unknown): void => {
    options.onError?.();
    goDown(describeError(err));
  };
  // node-redis emits 'error' for every failed connection attempt: without a listener it would crash the process.
  client.on('error', failure);
  subscriber.on('error', failure);

  let probe: NodeJS.Timeout | undefined;
  let probing = false;
  const tryOnce = async (): Promise<void> => {
    if (probing || closed || up) return;
    probing = true;
    try {
      if (!client.isReady || !subscriber.isReady || !subscribed) return;
      await client.sendCommand(['EVAL', PROBE, '1', options.probeKey]);
      goUp();
    } catch {
      // Still down: the next probe tries again.
    } finally {
      probing = false;
    }
  };
  function startProbing(): void {
    if (probe !== undefined || closed) return;
    probe = setInterval(() => void tryOnce(), options.probeIntervalMs);
    probe.unref();
  }
  function stopProbing(): void {
    clearInterval(probe);
    probe = undefined;
  }

  startProbing();
  client.on('ready', () => void tryOnce());
  subscriber.on('ready', () => void tryOnce());
  client.connect().catch(() => {
    // Reconnection is node-redis's, forever at MAX_RECONNECT_DELAY_MS; this rejects only on close().
  });
  subscriber
    .connect()
    .then(() => subscriber.subscribe(options.channel, (message: Buffer) => options.onMessage(message), true))
    .then(() => {
      subscribed = true;
      void tryOnce();
    })
    .catch((err: unknown) => {
      if (!closed) logger.error({ store: endpoint, reason: describeError(err) }, 'store: subscribing to Redis failed; the store stays unavailable');
    });

  return {
    available: () => up,
    async run(args) {
      try {
        return await client.sendCommand(args);
      } catch (err) {
        failure(err);
        throw err;
      }
    },
    onUnavailable(listener) {
      downListeners.add(listener);
      return () => downListeners.delete(listener);
    },
    firstContact(withinMs) {
      if (up) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          upWaiters.delete(done);
          if (!up && !announcedDown && !closed) {
            announcedDown = true;
            options.onState?.(true);
            logger.warn({ store: endpoint }, 'store unavailable at start: Redis does not answer; each replica works on its own state until it does');
          }
          resolve();
        };
        const timer = setTimeout(done, withinMs);
        upWaiters.add(done);
      });
    },
    async close() {
      closed = true;
      up = false;
      stopProbing();
      for (const listener of [...downListeners]) listener();
      // destroy, not QUIT: nothing of the store needs flushing, and Redis may not answer.
      for (const connection of [client, subscriber]) {
        try {
          connection.destroy();
        } catch {
          // Never opened, or already closed.
        }
      }
      await Promise.resolve();
    },
  };
}

/** `scheme://host:port` of the URL, never its user or password. */
function describeEndpoint(url: string): string {
  const { protocol, hostname, port } = new URL(url);
  return `${protocol}//${hostname}:${port || '6379'}`;
}

/** A failure's class and code, never its message alone (it could quote a command). */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${err.name} ${code}` : err.name;
}
