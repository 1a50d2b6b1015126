import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../errors.js';

/**
 * How many requests each key (a client's name, a signed link's signature) has under way, and a
 * limit on it: one client cannot take more than its share of a pool of connections to Zoom. A Map
 * of counters, the entry deleted when it falls to zero, so idle keys cost nothing.
 */
export interface ConcurrencyLimit {
  /**
   * Counts one more request of `key` until it is over, or throws `429 too_many_requests` with
   * `Retry-After` when `key` already has `max` under way. Over is the response's 'close' (answered,
   * or the client gone), or the connection's: a pipelined request still waiting for its turn gets
   * no 'close' on its response when the connection dies. The request's own 'close' comes as soon as
   * its body is read, long before the answer: it only says to watch the connection from then on.
   */
  enter(key: string, req: IncomingMessage, res: ServerResponse): void;
  /** Requests of `key` under way now. */
  count(key: string): number;
}

/**
 * The counts behind a limit: requests under way per key. Kept across a reload of the configuration
 * (services.ts hands the running ones on), so a client at its limit gets no fresh allowance from a
 * SIGHUP while its requests are still under way.
 */
export type UnderWay = Map<string, number>;

/**
 * `max` per key; `refusal` is the sentence of the 429 (it names the configuration key), and
 * `retryAfterSeconds` what the client is told to wait: a slot frees as soon as one of its own
 * requests ends, so a short wait is right. `under` holds the counts (a limit of the configuration
 * before a reload hands its own on).
 */
export function createConcurrencyLimit(max: number, refusal: string, retryAfterSeconds: number, under: UnderWay = new Map()): ConcurrencyLimit {
  const retryAfter = { 'retry-after': String(retryAfterSeconds) };

  function leave(key: string): void {
    const n = (under.get(key) ?? 1) - 1;
    if (n <= 0) under.delete(key);
    else under.set(key, n);
  }

  return {
    enter(key, req, res) {
      const n = under.get(key) ?? 0;
      if (n >= max) throw new ProxyError('too_many_requests', { message: refusal, headers: { ...retryAfter } });
      under.set(key, n + 1);
      const socket = req.socket;
      let counted = true;
      const over = (): void => {
        if (!counted) return;
        counted = false;
        req.off('close', bodyRead);
        res.off('close', over);
        socket.off('close', over);
        leave(key);
      };
      const bodyRead = (): void => {
        if (socket.destroyed) over();
        else if (!res.writableFinished) socket.once('close', over);
      };
      req.once('close', bodyRead);
      res.once('close', over);
    },
    count: (key) => under.get(key) ?? 0,
  };
}
