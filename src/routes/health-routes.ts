import { Router } from 'express';
import { ProxyError } from '../errors.js';
import { sendNoStore } from '../http/send-no-store.js';
import type { Services } from '../services.js';

/**
 * After a failed try, /readyz answers 503 from memory this long: it is unauthenticated and may be
 * public, and each try is an OAuth call with the account's credentials.
 */
const NOT_READY_MEMORY_MS = 5_000;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Liveness, readiness (a Zoom token is held or can be had now) and the Prometheus exposition, each
 * never a 304: a probe or a scraper must see the state of now.
 */
export function createHealthRoutes({ tokens, metrics, logger, clock }: Services): Router {
  const router = Router();
  let failed: { until: number; err: unknown } | undefined;
  router.get('/healthz', (_req, res) => {
    res.locals.route = 'healthz';
    sendNoStore(res, JSON_TYPE, '{"status":"ok"}');
  });
  router.get('/readyz', async (_req, res) => {
    res.locals.route = 'readyz';
    if (!tokens.hasValidToken()) {
      if (failed !== undefined && clock() < failed.until) throw new ProxyError('zoom_unavailable', { cause: failed.err });
      try {
        await tokens.getToken();
        failed = undefined;
      } catch (err) {
        failed = { until: clock() + NOT_READY_MEMORY_MS, err };
        logger.warn({ err }, 'not ready: no Zoom access token can be had');
        throw new ProxyError('zoom_unavailable', { cause: err });
      }
    }
    sendNoStore(res, JSON_TYPE, '{"status":"ready"}');
  });
  router.get('/metrics', async (_req, res) => {
    res.locals.route = 'metrics';
    sendNoStore(res, metrics.registry.contentType, await metrics.registry.metrics());
  });
  return router;
}
