import type { ServerResponse } from 'node:http';
import { ProxyError } from '../errors.js';

/**
 * How many requests each key (a client's name, a signed link's signature) has under way, and a
 * limit on it: one client cannot take more than its share of a pool of connections to Zoom. A Map
 * of counters, the entry deleted when it falls to zero, so idle keys cost nothing.
 */
export interface ConcurrencyLimit {
  /**
   * Counts one more request of `key` until `res` closes (answered, or the client gone), or throws
   * `429 too_many_requests` with `Retry-After` when `key` already has `max` under way.
   */
  enter(key: string, res: ServerResponse): void;
  /** Requests of `key` under way now. */
  count(key: string): number;
}

/**
 * `max` per key; `refusal` is the sentence of the 429 (it names the configuration key), and
 * `retryAfterSeconds` what the client is told to wait: a slot frees as soon as one of its own
 * requests ends, so a short wait is right.
 */
export function createConcurrencyLimit(max: number, refusal: string, retryAfterSeconds: number): ConcurrencyLimit {
  const under = new Map<string, number>();
  const retryAfter = { 'retry-after': String(retryAfterSeconds) };

  function leave(key: string): void {
    const n = (under.get(key) ?? 1) - 1;
    if (n <= 0) under.delete(key);
    else under.set(key, n);
  }

  return {
    enter(key, res) {
      const n = under.get(key) ?? 0;
      if (n >= max) throw new ProxyError('too_many_requests', { message: refusal, headers: { ...retryAfter } });
      under.set(key, n + 1);
      // 'close' comes once per response, whether it finished or the connection went first.
      res.once('close', () => leave(key));
    },
    count: (key) => under.get(key) ?? 0,
  };
}
