import type { RedisLink } from './redis-link.js';

/**
 * Where the proxy keeps what it learned and minted: in the process (`store.type` `"memory"`, one
 * replica) or in Redis, shared by every replica that names it (`"redis"`; docs/replicas.md).
 *
 * One mechanism for every kind of state: a SharedCache per kind (access tokens, ZAKs, meetings,
 * users, hosts, recording owners), each keyed within one Zoom account. Whatever the store, a value is
 * produced once at a time for a key (single-flight: in the process for memory, by a lease in Redis
 * across replicas) and read from a copy near the replica on the hot path.
 */
export interface Store {
  readonly type: 'memory' | 'redis';
  /** With `redis`: its connection and `store.keyPrefix`, for what keeps more than caches there (the webhook queue). */
  readonly redis?: { readonly link: RedisLink; readonly keyPrefix: string };
  /** The cache of one kind of state of one account (the same options give the same cache). */
  cache<T>(options: SharedCacheOptions): SharedCache<T>;
  /** `ok`, or `unavailable` while Redis cannot be used (each replica then serves from its own state). Memory: always `ok`. */
  health(): 'ok' | 'unavailable';
  /** Stops using the store (closes connections); caches keep their near copies. */
  close(): Promise<void>;
}

export interface SharedCacheOptions {
  /** The Zoom account whose state this is (AccountSide.account.name): no key is shared between accounts. */
  account: string;
  /** The kind of state: part of every key and the `cache` label of the store's metrics (`oauth`, `zak`, `meeting`, ...). */
  kind: string;
  /** Credentials (access tokens, ZAKs, download tokens): encrypted at rest in Redis (AES-256-GCM, key from `links.secret`). */
  secret: boolean;
  /** Entries held near this replica at most (least recently used dropped first). */
  maxEntries: number;
}

/** A value just produced, and how long it may be used from now (0: shared only while it is being produced). */
export interface Produced<T> {
  value: T;
  ttlMs: number;
}

/**
 * Values of one kind for one account, JSON-serialisable (and compared as their JSON). Failures of `produce` are never kept: the
 * next `get` produces again.
 */
export interface SharedCache<T> {
  /** The value held near this replica while it is fresh, without waiting; undefined otherwise. */
  peek(key: string): T | undefined;
  /** The value near this replica, else the store's, else undefined: for what only learning brings (recording owners). */
  read(key: string): Promise<T | undefined>;
  /**
   * The value: near, else the store's, else `produce()` run by one caller at a time for the key
   * across all replicas (the others wait for its result, told by the store, not by polling).
   * With `replacing`: the caller holds that value and wants a newer one (a token to renew): the
   * store's value is taken only if it differs from `replacing`, else a new one is produced; a value
   * produced late never overwrites a newer one already stored.
   */
  get(key: string, produce: () => Promise<Produced<T>>, replacing?: T): Promise<T>;
  /** Keeps a value learned elsewhere (a meeting's host seen in an answer, a file's owner seen in a listing). */
  set(key: string, value: T, ttlMs: number): void;
  /**
   * Forgets the key on every replica; with `value`, only while it still holds that value
   * (compare-and-delete: a burst of `401 124` for one token drops it once, not a newer one).
   */
  drop(key: string, value?: T): void;
}
