import { Router } from 'express';
import { ProxyError } from '../errors.js';
import type { Services } from '../services.js';

/** Liveness, readiness (a Zoom token is held or can be had now) and the Prometheus exposition. */
export function createHealthRoutes({ tokens, metrics, logger }: Services): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.locals.route = 'healthz';
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.locals.route = 'readyz';
    if (!tokens.hasValidToken()) {
      try {
        await tokens.getToken();
      } catch (err) {
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
