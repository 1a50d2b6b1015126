import type { IncomingMessage, ServerResponse } from 'node:http';
import { toProxyError } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import { sendError } from './send-error.js';

/**
 * The last stop of every failed request: map it onto the catalogue, log it (a warning when it is the
 * proxy's or Zoom's fault, debug when the caller was refused) and answer it.
 */
export function answerError(logger: Logger, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const error = toProxyError(err);
  const fields = { code: error.code, status: error.status, trackingId: error.trackingId, err: error.cause ?? error };
  if (error.status >= 500) logger.warn(fields, 'request failed');
  else logger.debug(fields, 'request refused');
  sendError(req, res, error);
}
