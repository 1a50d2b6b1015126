import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import { createRequestLine } from '../logging/request-line.js';

/** What routes tell the request log: Express's `res.locals`, also set on the routes outside Express. */
export interface RouteLocals {
  /** This request's id in the log: on its request line and on every warning about it. */
  reqId?: string;
  route?: string;
  client?: string;
  /** The account whose side served the request, when the configuration lists several (its metrics label). */
  account?: string | undefined;
  trackingId?: string;
  [key: string]: unknown;
}

type LoggedRequest = IncomingMessage & { originalUrl?: string };

/** Request ids: a prefix of this process, then a count (`k3f9-1a`): unique across replicas' logs, cheap to make. */
const REQ_ID_PREFIX = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
let requestCount = 0;
type LoggedResponse = ServerResponse & { locals?: RouteLocals };

/**
 * One log line and one metrics sample per request, when the response ends (or the client goes away).
 * Routes name themselves in `res.locals.route` so metrics labels stay few; the URL logged is scrubbed
 * of secrets by the logger. Zoom's `x-zm-trackingid` is kept: Zoom support asks for it. Works as
 * Express middleware and, with `next` left out, on plain node:http objects.
 */
export function createRequestLog(logger: Logger, metrics: Metrics) {
  const requestLine = createRequestLine(logger);
  return (req: LoggedRequest, res: LoggedResponse, next?: () => void): void => {
    const started = process.hrtime.bigint();
    const url = req.originalUrl ?? req.url;
    res.locals ??= {};
    const reqId = `${REQ_ID_PREFIX}-${(++requestCount).toString(36)}`;
    res.locals.reqId = reqId;
    const finish = (): void => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const locals = res.locals ?? {};
      const route = locals.route ?? 'unmatched';
      const status = res.writableFinished ? res.statusCode : 0; // 0: the client went away first
      metrics.requests.inc({ route, method: req.method, status: String(status) });
      metrics.requestDuration.observe({ route }, seconds);
      requestLine({
        reqId,
        method: req.method,
        url,
        route,
        status,
        durationMs: Math.round(seconds * 1e4) / 10,
        client: locals.client,
        account: locals.account,
        trackingId: locals.trackingId ?? (res.getHeader('x-zm-trackingid') as string | undefined),
      });
    };
    // 'close' follows 'finish' on every response, and comes alone when the client went away first.
    res.once('close', finish);
    next?.();
  };
}
