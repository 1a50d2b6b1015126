import type { IncomingMessage } from 'node:http';

/** Who stopped the upload: the client sent nothing, or Zoom took nothing (the body waits: paused, or not read yet). */
export type UploadStall = 'client' | 'zoom';

const TICKS = 4;

/**
 * Calls `onStall` once if no byte of the client's request body arrives for `ms` (noticed within a
 * quarter of `ms` more) before the body ends. undici's timers do not fire while it waits for a
 * client's body: without this, a client that paused its upload held a connection to Zoom until the
 * server's 120 s requestTimeout (test passthrough-upload-stall-cut-off). It looks at the socket's
 * byte count on a timer of its own: a 'data' listener would change the body's flow, and the
 * socket's idle timer is node's, for keep-alive. Like undici's timers it runs on real time. Stops
 * at the body's end, when the request closes, or on `stop()`.
 */
export function watchUploadIdle(req: IncomingMessage, ms: number, onStall: (who: UploadStall) => void): { stop(): void } {
  const socket = req.socket as IncomingMessage['socket'] | null;
  if (req.complete || !socket) return { stop: () => undefined };
  let seen = socket.bytesRead;
  let quiet = 0; // ticks in a row without a byte
  const timer = setInterval(() => {
    if (socket.bytesRead !== seen) {
      seen = socket.bytesRead;
      quiet = 0;
    } else if (++quiet >= TICKS) {
      stop();
      // The client is the one stalled only while its body is being read (flowing) and nothing
      // comes: not when all of it came, when its reader (undici, sending to Zoom) paused it, or
      // when nobody reads it yet (the request waits for a connection to Zoom).
      onStall(req.complete || req.readableFlowing !== true ? 'zoom' : 'client');
    }
  }, Math.max(1, Math.floor(ms / TICKS)));
  timer.unref();
  const stop = (): void => {
    clearInterval(timer);
    req.off('end', stop);
    req.off('close', stop);
  };
  req.once('end', stop);
  req.once('close', stop);
  return { stop };
}
