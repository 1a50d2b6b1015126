import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { answerError } from './answer-error.js';
import { createRequestLog, type RouteLocals } from './request-log.js';
import { ClientGoneError } from '../errors.js';

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
    // Kept now: undici empties `req.socket` once it has sent the request's body on to Zoom, and
    // `res.socket` is still null while a pipelined request waits for the answers before it.
    const socket = req.socket;
    handle(req, r).catch((err: unknown) => {
      if (err instanceof ClientGoneError || socket.destroyed) return;
      answerError(logger, req, res, err);
    });
  };
}
