import express, { type NextFunction, type Request, type Response } from 'express';
import { createAuthenticator } from './auth/authenticate.js';
import { ProxyError, toProxyError } from './errors.js';
import { createRequestLog } from './http/request-log.js';
import { sendError } from './http/send-error.js';
import { createBotTokenRoutes } from './routes/bot-token-routes.js';
import { createDownloadRoutes } from './routes/download-routes.js';
import { createHealthRoutes } from './routes/health-routes.js';
import { createStartRoute } from './routes/start-route.js';
import type { Services } from './services.js';

/**
 * The Express app: routes and middleware, no listening (main.ts listens; tests mount it on port 0).
 */
export function createApp(services: Services): express.Express {
  const { config, logger, metrics } = services;
  const auth = createAuthenticator(config.clients, config.bots);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(createRequestLog(logger, metrics));
  app.use(createHealthRoutes(services));
  app.use(createStartRoute(services, auth));
  app.use(createBotTokenRoutes(services, auth));
  app.use(createDownloadRoutes(services, auth));

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new ProxyError('not_found')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const error = toProxyError(err);
    if (error.trackingId) res.locals.trackingId = error.trackingId;
    const fields = { code: error.code, status: error.status, trackingId: error.trackingId, err: error.cause ?? error };
    if (error.status >= 500) logger.warn(fields, 'request failed');
    else logger.debug(fields, 'request refused');
    sendError(req, res, error);
  });
  return app;
}
