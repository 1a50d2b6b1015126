import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { answerError } from './answer-error.js';
import { createRequestLog, type RouteLocals } from './request-log.js';
import { ClientGoneError } from './zoom-proxy.js';

export type RouteResponse = ServerResponse & { locals: RouteLocals };

/**
 * A hot route on plain node:http, ahead of Express: Express 5's router alone costs several times what
 * the whole start redirect does (`npm run bench:floor`). It gets the same request log line and
 * metrics sample as the Express routes, and its failures the same error answer.
 */
export function nodeRoute(
  name: string,
  logger: Logger,
  metrics: Metrics,
  handle: (req: IncomingMessage, res: RouteResponse) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const requestLog = createRequestLog(logger, metrics);
  return (req, res) => {
    const r = res as RouteResponse;
    requestLog(req, r);
    r.locals.route = name;
    handle(req, r).catch((err: unknown) => {
      // `res.socket`, not `req.socket`: undici empties the latter when it has sent the request's body on.
      if (err instanceof ClientGoneError || !res.socket || res.socket.destroyed) return;
      answerError(logger, req, res, err);
    });
  };
}
