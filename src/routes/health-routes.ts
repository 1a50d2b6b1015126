import { perAccount } from '../accounts/per-account.js';
import { Router } from 'express';
import { ProxyError } from '../errors.js';
import { sendNoStore } from '../http/send-no-store.js';
import type { Services } from '../services.js';

/**
 * /readyz is unauthenticated and may be public, and each of its tries is an OAuth call with the
 * account's credentials: while no valid token is held it tries at most once per this interval,
 * whatever the outcome (a failure, or a token that is no longer valid by the next probe), and
 * answers the last try's outcome in between. Probes that come during a try wait for that one.
 */
export const READY_TRY_INTERVAL_MS = 5_000;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Liveness, readiness (a Zoom token is held or can be had now; with the Redis store, the body also
 * says whether Redis is used) and the Prometheus exposition, each
 * never a 304: a probe or a scraper must see the state of now.
 */
export function createHealthRoutes(services: Services): Router {
  const { metrics, logger, clock } = services;
  const router = Router();
  /** Whether the account's token is held or can be had: at most one OAuth try per READY_TRY_INTERVAL_MS. */
  const readinessOf = perAccount(services, ({ account, tokens }) => {
    /** The last OAuth call /readyz made: when it started, and its failure (undefined: it got a token). */
    let lastTry: { at: number; err: unknown } | undefined;
    let trying: Promise<void> | undefined;
    const tryToken = (): Promise<void> => {
      trying ??= (async () => {
        const at = clock();
        try {
          await tokens.getToken();
          lastTry = { at, err: undefined };
        } catch (err) {
          lastTry = { at, err };
          logger.warn({ err, account: account.name }, 'not ready: no Zoom access token can be had');
        } finally {
          trying = undefined;
        }
      })();
      return trying;
    };
    /** The failure that keeps the account from being ready, or undefined. */
    return async (): Promise<unknown> => {
      if (tokens.hasValidToken()) return undefined;
      if (trying !== undefined || lastTry === undefined || clock() >= lastTry.at + READY_TRY_INTERVAL_MS) await tryToken();
      return lastTry?.err;
    };
  });
  router.get('/healthz', (_req, res) => {
    res.locals.route = 'healthz';
    sendNoStore(res, JSON_TYPE, '{"status":"ok"}');
  });
  router.get('/readyz', async (_req, res) => {
    res.locals.route = 'readyz';
    const names = [...services.accounts.keys()];
    const failures = await Promise.all(names.map((name) => readinessOf(name)()));
    const failing = names.filter((_name, i) => failures[i] !== undefined);
    if (failing.length > 0) {
      const cause = failures.find((err) => err !== undefined);
      // With several accounts the body says which cannot get a token (names, never credentials).
      const message = services.config.accounts === undefined ? undefined : `No Zoom access token can be had right now for the account(s) ${failing.join(', ')}.`;
      throw new ProxyError('zoom_unavailable', { cause, ...(message === undefined ? {} : { message }) });
    }
    // With the Redis store, whether replicas share state now: Redis down makes no proxy unready (docs/replicas.md).
    const store = services.store.type === 'redis' ? `,"store":"${services.store.health()}"` : '';
    sendNoStore(res, JSON_TYPE, `{"status":"ready"${store}}`);
  });
  router.get('/metrics', async (_req, res) => {
    res.locals.route = 'metrics';
    sendNoStore(res, metrics.registry.contentType, await metrics.registry.metrics());
  });
  return router;
}
