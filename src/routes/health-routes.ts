import { Router } from 'express';
import { ProxyError } from '../errors.js';
import type { Services } from '../services.js';

/**
 * After a failed try, /readyz answers 503 from memory this long: it is unauthenticated and may be
 * public, and each try is an OAuth call with the account's credentials.
 */
const NOT_READY_MEMORY_MS = 5_000;

/** Liveness, readiness (a Zoom token is held or can be had now) and the Prometheus exposition. */
export function createHealthRoutes({ tokens, metrics, logger, clock }: Services): Router {
  const router = Router();
  let failed: { until: number; err: unknown } | undefined;
  router.get('/healthz', (_req, res) => {
    res.locals.route = 'healthz';
    res.json({ status: 'ok' });
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
    res.json({ status: 'ready' });
  });
  router.get('/metrics', async (_req, res) => {
    res.locals.route = 'metrics';
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
