import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';

/**
 * One log line and one metrics sample per request, when the response ends (or the client goes away).
 * Routes name themselves in `res.locals.route` so metrics labels stay few; the URL logged is scrubbed
 * of secrets by the logger. Zoom's `x-zm-trackingid` is kept: Zoom support asks for it.
 */
export function createRequestLog(logger: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (res.locals.route as string | undefined) ?? 'unmatched';
      const status = res.writableFinished ? res.statusCode : 0; // 0: the client went away first
      metrics.requests.inc({ route, method: req.method, status: String(status) });
      metrics.requestDuration.observe({ route }, seconds);
      logger.info(
        {
          method: req.method,
          url: req.originalUrl,
          route,
          status,
          durationMs: Math.round(seconds * 1e4) / 10,
          client: res.locals.client as string | undefined,
          trackingId: (res.locals.trackingId as string | undefined) ?? (res.getHeader('x-zm-trackingid') as string | undefined),
        },
        'request',
      );
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
