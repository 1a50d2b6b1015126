import type { IncomingMessage } from 'node:http';

/**
 * Calls `onIdle` once if the client's request body stops arriving for `ms` before its end. undici's
 * timers do not run while it sends a body, so without this a client that pauses its upload would
 * hold a connection to Zoom until the server's requestTimeout. Uses the socket's idle timer
 * (`req.setTimeout`), not a 'data' listener, so the body's flow is left to whoever reads it; the
 * timer is cleared when the body ends or the request closes.
 */
export function watchUploadIdle(req: IncomingMessage, ms: number, onIdle: () => void): void {
  if (req.complete) return;
  const stop = (): void => {
    req.off('timeout', onTimeout);
    req.off('end', stop);
    req.off('close', stop);
    req.socket?.setTimeout(0);
  };
  const onTimeout = (): void => {
    stop();
    onIdle();
  };
  req.on('timeout', onTimeout);
  req.once('end', stop);
  req.once('close', stop);
  req.setTimeout(ms);
}
