import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { createMemoryCache, sameValue } from './memory-store.js';
import type { RedisLink } from './redis-link.js';
import { ACQUIRE, DROP, FINISH, READ, RENEW, SET, storeMessage, type StoreMessage } from './redis-scripts.js';
import type { Produced, SharedCache, SharedCacheOptions } from './store.js';
import type { ValueSealer } from './value-sealer.js';
import { Waiter } from './waiter.js';

/** What every cache of one Redis store shares. */
export interface RedisCacheContext {
  link: RedisLink;
  sealer: ValueSealer;
  clock: Clock;
  /** The store's pub/sub channel. */
  channel: string;
  /** The counter every lease takes its fence from. */
  fenceKey: string;
  /** How long a lease lasts unless renewed; a holder that died is replaced after this. */
  leaseMs: number;
  /** A produce still running after this stops renewing its lease, so a hung one is replaced too. */
  produceLimitMs: number;
  count?: (op: string, outcome: string) => void;
  lockWaited?: (seconds: number) => void;
}

/** A SharedCache over Redis, and the way the store hands it the channel's messages for its keys. */
export interface RedisCache<T> extends SharedCache<T> {
  hear(key: string, message: StoreMessage): void;
}

/** A waiter re-checks this long after the lease it waits on was due to expire. */
const LEASE_MARGIN_MS = 25;

/**
 * One kind's values of one account: a near copy in the process (memory-store.ts) in front of Redis.
 * Keys `{prefix}{account}:{kind}:{key}`, where `account` is the store name of the account's side
 * (`{name}/{digest}`, accounts/zoom-side-key.ts); the lease of a key is `{prefix}{account}:{kind}.lock:{key}`.
 * While Redis is unavailable every call is the near copy's own (single-flight in the process).
 */
export function createRedisCache<T>(ctx: RedisCacheContext, options: SharedCacheOptions, prefix: string): RedisCache<T> {
  const { link, sealer, clock, channel } = ctx;
  const near = createMemoryCache<T>(clock, options.maxEntries);
  const base = `${prefix}${options.account}:${options.kind}:`;
  const lockBase = `${prefix}${options.account}:${options.kind}.lock:`;
  const count = ctx.count ?? ((): void => undefined);
  const flights = new Map<string, Promise<T>>();
  const waiters = new Map<string, Set<Waiter>>();
  link.onUnavailable(() => {
    for (const set of waiters.values()) for (const waiter of set) waiter.wake(undefined);
  });

  const keep = (key: string, value: T, ttlMs: number): void => {
    if (ttlMs > 0) near.set(key, value, ttlMs);
  };
  const stored = (fullKey: string, json: string, fence: number): string =>
    `${fence}:${sealer.digest(fullKey, json)}:${sealer.seal(fullKey, json, options.secret)}`;
  /**
   * The value a stored string holds, or undefined if it does not open or its digest is not the
   * store's (then it counts as absent): a plain look-up planted in Redis decides no client's scope.
   */
  const opened = (fullKey: string, text: string): { value: T; digest: string } | undefined => {
    const match = /^\d+:([^:]*):/.exec(text);
    if (match === null) return undefined;
    const json = sealer.open(fullKey, text.slice(match[0].length), options.secret);
    if (json === undefined || sealer.digest(fullKey, json) !== match[1]) return undefined;
    try {
      return { value: JSON.parse(json) as T, digest: match[1] };
    } catch {
      return undefined;
    }
  };
  const digestOf = (fullKey: string, value: T): string => sealer.digest(fullKey, JSON.stringify(value));

  /** Registered before Redis is asked, so a value produced meanwhile is heard, not missed. */
  const listen = (key: string): Waiter => {
    let set = waiters.get(key);
    if (set === undefined) waiters.set(key, (set = new Set()));
    const waiter = new Waiter(() => {
      set.delete(waiter);
      if (set.size === 0 && waiters.get(key) === set) waiters.delete(key);
    });
    set.add(waiter);
    return waiter;
  };

  /** `owner` holds the key's lease, taken with `fence`: produce, renewing it meanwhile, then store and tell. */
  async function underLease(key: string, lease: { owner: string; fence: number }, produce: () => Promise<Produced<T>>, guard: string): Promise<T> {
    const fullKey = base + key;
    const lockKey = lockBase + key;
    const { owner, fence } = lease;
    let renewals = Math.ceil(ctx.produceLimitMs / (ctx.leaseMs / 3));
    const renew = setInterval(() => {
      if (renewals-- <= 0) return clearInterval(renew);
      link.run(['EVAL', RENEW, '1', lockKey, owner, String(ctx.leaseMs)]).catch(() => undefined);
    }, ctx.leaseMs / 3);
    renew.unref();
    const finish = (text: string, ttlMs: number): Promise<unknown> =>
      link.run(['EVAL', FINISH, '2', fullKey, lockKey, text, String(fence), String(ttlMs), guard, owner, channel, fullKey]);
    let produced: Produced<T>;
    try {
      produced = await produce();
    } catch (err) {
      // Released at once, and the waiters told: one of them produces next.
      finish('', 0).catch(() => undefined);
      throw err;
    } finally {
      clearInterval(renew);
    }
    count('get', 'produced');
    const ttlMs = Math.max(0, Math.floor(produced.ttlMs));
    try {
      const reply = (await finish(stored(fullKey, JSON.stringify(produced.value), fence), ttlMs)) as [string, number];
      const inForce = opened(fullKey, reply[0]);
      if (inForce !== undefined) {
        keep(key, inForce.value, Number(reply[1]));
        return inForce.value;
      }
    } catch {
      // Redis failed meanwhile: the value is this replica's alone.
    }
    keep(key, produced.value, ttlMs);
    return produced.value;
  }

  async function shared(key: string, produce: () => Promise<Produced<T>>, replacing: T | undefined): Promise<T> {
    const fullKey = base + key;
    const lockKey = lockBase + key;
    const guard = replacing === undefined ? '' : digestOf(fullKey, replacing);
    /** The digest of a stored value that does not open: it may be overwritten. */
    let unreadable: string | undefined;
    let waitedSince: number | undefined;
    const local = (): Promise<T> => {
      count('get', 'local');
      return near.get(key, produce, replacing);
    };
    try {
      for (;;) {
        if (!link.available()) return await local();
        const waiter = listen(key);
        let reply: [number, string | number, number?];
        const owner = randomBytes(16).toString('base64url');
        try {
          reply = (await link.run(['EVAL', ACQUIRE, '3', fullKey, lockKey, ctx.fenceKey, owner, String(ctx.leaseMs), unreadable ?? guard, unreadable === undefined ? '0' : '1'])) as typeof reply;
        } catch {
          waiter.cancel();
          return await local();
        }
        if (reply[0] === 2) {
          waiter.cancel();
          const value = opened(fullKey, String(reply[1]));
          if (value !== undefined) {
            keep(key, value.value, Number(reply[2]));
            count('get', waitedSince === undefined ? 'redis' : 'waited');
            return value.value;
          }
          unreadable = /^\d+:([^:]*):/.exec(String(reply[1]))?.[1] ?? '';
          continue;
        }
        if (reply[0] === 1) {
          waiter.cancel();
          return await underLease(key, { owner, fence: Number(reply[1]) }, produce, unreadable ?? guard);
        }
        waitedSince ??= performance.now();
        const heard = await waiter.within(Math.max(0, Number(reply[1])) + LEASE_MARGIN_MS);
        const value = heard === undefined || heard.type !== 'r' || heard.rest === '' ? undefined : opened(fullKey, heard.rest);
        if (value !== undefined && (guard === '' || value.digest !== guard)) {
          keep(key, value.value, heard?.ttlMs ?? 0);
          count('get', 'waited');
          return value.value;
        }
      }
    } finally {
      if (waitedSince !== undefined) ctx.lockWaited?.((performance.now() - waitedSince) / 1000);
    }
  }

  return {
    peek: (key) => near.peek(key),
    async read(key) {
      const held = near.peek(key);
      if (held !== undefined) {
        count('read', 'near');
        return held;
      }
      if (!link.available()) {
        count('read', 'local');
        return undefined;
      }
      const fullKey = base + key;
      try {
        const reply = (await link.run(['EVAL', READ, '1', fullKey])) as [string, number] | [];
        const value = reply.length === 0 ? undefined : opened(fullKey, String(reply[0]));
        count('read', value === undefined ? 'absent' : 'redis');
        if (value === undefined) return undefined;
        keep(key, value.value, Number(reply[1]));
        return value.value;
      } catch {
        count('read', 'local');
        return undefined;
      }
    },
    get(key, produce, replacing) {
      const held = near.peek(key);
      if (held !== undefined && (replacing === undefined || !sameValue(held, replacing))) {
        count('get', 'near');
        return Promise.resolve(held);
      }
      // A flight begun while Redis answered is joined even after it stopped: one produce per key in the replica.
      let flight = flights.get(key);
      if (flight === undefined && !link.available()) {
        count('get', 'local');
        return near.get(key, produce, replacing);
      }
      if (flight === undefined) {
        flight = shared(key, produce, replacing).finally(() => flights.delete(key));
        flights.set(key, flight);
      }
      return flight;
    },
    set(key, value, ttlMs) {
      near.set(key, value, ttlMs);
      const px = Math.floor(ttlMs);
      if (px <= 0) return;
      if (!link.available()) return count('set', 'local');
      const fullKey = base + key;
      const json = JSON.stringify(value);
      const message = storeMessage('s', 0, fullKey, sealer.digest(fullKey, json));
      link.run(['EVAL', SET, '1', fullKey, stored(fullKey, json, 0), String(px), channel, message]).then(
        () => count('set', 'ok'),
        () => count('set', 'error'),
      );
    },
    drop(key, value) {
      near.drop(key, value);
      if (!link.available()) return count('drop', 'local');
      const fullKey = base + key;
      const digest = value === undefined ? '' : digestOf(fullKey, value);
      link.run(['EVAL', DROP, '1', fullKey, digest, channel, storeMessage('d', 0, fullKey, digest)]).then(
        () => count('drop', 'ok'),
        () => count('drop', 'error'),
      );
    },
    hear(key, message) {
      if (message.type === 'r') {
        for (const waiter of waiters.get(key) ?? []) waiter.wake(message);
        const held = near.peek(key);
        if (held === undefined || message.rest === '') return;
        const value = opened(message.fullKey, message.rest);
        if (value !== undefined && !sameValue(held, value.value)) {
          near.drop(key);
          keep(key, value.value, message.ttlMs);
        }
        return;
      }
      const held = near.peek(key);
      if (held === undefined) return;
      const digest = digestOf(message.fullKey, held);
      // `d`: dropped everywhere while it holds that value (or any); `s`: a newer value was set elsewhere.
      if (message.type === 'd' ? message.rest === '' || message.rest === digest : message.rest !== digest) near.drop(key);
    },
  };
}
