import type { IncomingMessage } from 'node:http';

/**
 * Who stopped the upload: the client sent nothing (`client`) or too little (`slow`), or Zoom took
 * nothing (`zoom`: the body waits, paused or not read yet).
 */
export type UploadStall = 'client' | 'slow' | 'zoom';

const TICKS = 4;

/**
 * Calls `onStall` once if no byte of the client's request body arrives for `ms` (noticed within a
 * quarter of `ms` more) before the body ends, or, with `minBytesPerSecond` above 0, if fewer than
 * `minBytesPerSecond` per second of `ms` arrive in any `ms` window. undici's timers do not fire while
 * it waits for a client's body: without this, a client that paused its upload held a connection to
 * Zoom until the server's 120 s requestTimeout (test passthrough-upload-stall-cut-off), and one that
 * sent a byte now and then held it as long as it liked (test passthrough-trickling-uploads-limited).
 * It looks at the socket's byte count on a timer of its own: a 'data' listener would change the
 * body's flow, and the socket's idle timer is node's, for keep-alive. Like undici's timers it runs
 * on real time. Stops at the body's end, when the request closes, or on `stop()`.
 */
export function watchUploadIdle(req: IncomingMessage, ms: number, onStall: (who: UploadStall) => void, minBytesPerSecond = 0): { stop: () => void } {
  const socket = req.socket as IncomingMessage['socket'] | null;
  if (req.complete || !socket) return { stop: () => undefined };
  // The socket's byte count at each of the last TICKS ticks (oldest first): the window is their span.
  const seen: number[] = [socket.bytesRead];
  const minPerWindow = (minBytesPerSecond * ms) / 1000;
  const timer = setInterval(() => {
    const now = socket.bytesRead;
    seen.push(now);
    if (seen.length <= TICKS) return;
    const came = now - (seen.shift() as number);
    if (came > 0 && came >= minPerWindow) return;
    stop();
    // The client is the one stalled only while its body is being read (flowing) and too little
    // comes: not when all of it came, when its reader (undici, sending to Zoom) paused it, or
    // when nobody reads it yet (the request waits for a connection to Zoom).
    if (req.complete || req.readableFlowing !== true) onStall('zoom');
    else onStall(came === 0 ? 'client' : 'slow');
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
