import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createAuthenticator } from './auth/authenticate.js';
import { ProxyError } from './errors.js';
import { answerError } from './http/answer-error.js';
import { createRequestLog } from './http/request-log.js';
import { createBotTokenRoutes } from './routes/bot-token-routes.js';
import { createDownloadRoutes } from './routes/download-routes.js';
import { createHealthRoutes } from './routes/health-routes.js';
import { createPassthroughRoute, isPassthroughPath } from './passthrough/passthrough-route.js';
import { createStartRoute, isStartRequest } from './routes/start-route.js';
import type { Services } from './services.js';
import { createWebhookRoutes } from './webhooks/webhook-routes.js';

/**
 * The app: routes and middleware, no listening (main.ts listens; tests mount it on port 0). The two hot
 * routes, the `/v2` passthrough and `/start` links, run on node:http directly (Express 5's routing
 * costs more than either route's own work: `npm run bench:floor`); everything else is the Express app.
 */
export function createApp(services: Services): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, logger, metrics } = services;
  const auth = createAuthenticator(config.clients, config.bots);
  const passthrough = createPassthroughRoute(services, auth);
  const start = createStartRoute(services, auth);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(createRequestLog(logger, metrics));
  app.use(createHealthRoutes(services));
  app.use(createBotTokenRoutes(services, auth));
  app.use(createDownloadRoutes(services, auth));
  app.use(createWebhookRoutes(services));
  if (services.demoPage) app.use(services.demoPage(services));

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new ProxyError('not_found')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => answerError(logger, req, res, err));
  return (req, res) => {
    if (isPassthroughPath(req.url)) passthrough(req, res);
    else if (isStartRequest(req.url)) start(req, res);
    else app(req, res);
  };
}
