/**
 * Responses as values: every route returns a `SimResponse` and one function writes it, so the body
 * faults (pause mid-body, reset after N bytes) apply to JSON, HTML and streamed files alike, and
 * streaming respects backpressure in one place.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATUS_CODES } from 'node:http';
import { trackingId } from './ids.js';

/**
 * Produces a streamed body. `write` resolves when more may be written (backpressure) and says
 * whether to go on; a chunk must not be changed once written.
 */
export type BodyProducer = (write: (chunk: Buffer) => Promise<boolean>) => Promise<void>;

export interface SimResponse {
  status: number;
  headers: Record<string, string | number>;
  body?: Buffer | BodyProducer;
}

/** Body faults decided before the route ran. */
export interface BodyTap {
  /** Pause after this many body bytes (undefined: half of the first chunk) for `pauseMs`. */
  pauseAfter?: number;
  pauseMs?: number;
  /** Destroy the socket once this many body bytes are out. */
  resetAfter?: number;
}

export const JSON_TYPE = 'application/json;charset=UTF-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** A Zoom API answer: JSON with its own tracking id. */
export function zoomJson(status: number, body: unknown, headers: Record<string, string | number> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, 'x-zm-trackingid': trackingId(), ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** Zoom's REST error shape. */
export function zoomError(status: number, code: number, message: string, headers: Record<string, string | number> = {}): SimResponse {
  return zoomJson(status, { code, message }, headers);
}

/** A bodyless API answer (PATCH, DELETE). */
export function zoomNoContent(): SimResponse {
  return { status: 204, headers: { 'content-type': JSON_TYPE, 'x-zm-trackingid': trackingId() } };
}

export function htmlPage(status: number, title: string, text: string, headers: Record<string, string> = {}): SimResponse {
  const body = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title} - Zoom</title></head>` +
    `<body><div id="app"><h1>${text}</h1></div></body></html>\n`;
  return { status, headers: { 'content-type': HTML_TYPE, ...headers }, body: Buffer.from(body) };
}

export function plainText(status: number, text: string, type = 'text/plain; charset=utf-8'): SimResponse {
  return { status, headers: { 'content-type': type }, body: Buffer.from(text) };
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** How an answer went: body bytes handed to the socket, and whether it ended rather than broke off. */
export interface SentResponse {
  status: number;
  bodyBytes: number;
  complete: boolean;
}

/**
 * Write `out` to `res`, applying the body faults. Resolves when done or when the client left, saying
 * how far it got.
 */
export async function sendResponse(res: ServerResponse, out: SimResponse, tap: BodyTap, head: boolean): Promise<SentResponse> {
  const headers = { ...out.headers };
  if (Buffer.isBuffer(out.body) && headers['content-length'] === undefined) headers['content-length'] = out.body.length;
  res.writeHead(out.status, headers);

  let gone = res.destroyed;
  res.once('close', () => { gone = true; });
  let sent = 0;
  let pauseAt = tap.pauseAfter; // absolute body offset; undefined until the first chunk fixes it
  let paused = tap.pauseMs === undefined;

  // Resolves when more may be written: at once, or on 'drain' when the socket buffer is full.
  const raw = (chunk: Buffer): Promise<boolean> | boolean => {
    if (gone) return false;
    if (res.write(chunk)) return true;
    return new Promise((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve(!gone);
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };

  // Destroy the socket once the headers and what was written are in the kernel, so the client
  // gets exactly those bytes and then a closed connection.
  const cut = async (): Promise<false> => {
    const socket = res.socket;
    res.flushHeaders(); // headersSent is true once writeHead ran, before a byte left: flush anyway
    if (socket && !socket.destroyed) await new Promise<void>((resolve) => socket.write(Buffer.alloc(0), () => resolve()));
    socket?.destroy();
    return false;
  };

  const write = async (chunk: Buffer): Promise<boolean> => {
    if (!paused) {
      pauseAt ??= Math.floor(chunk.length / 2);
      if (sent + chunk.length > pauseAt) {
        const first = Math.max(0, pauseAt - sent);
        if (first > 0 && !(await write(chunk.subarray(0, first)))) return false;
        paused = true;
        res.flushHeaders();
        await sleep(tap.pauseMs ?? 0, undefined, { ref: false });
        return write(chunk.subarray(first));
      }
    }
    if (tap.resetAfter !== undefined && sent + chunk.length >= tap.resetAfter) {
      const part = chunk.subarray(0, tap.resetAfter - sent);
      if (part.length > 0 && !(await raw(part))) return false;
      sent += part.length;
      return cut();
    }
    sent += chunk.length;
    return raw(chunk);
  };

  if (tap.resetAfter === 0 || (head || out.body === undefined) && tap.resetAfter !== undefined) {
    await cut();
    return { status: out.status, bodyBytes: 0, complete: false };
  }
  if (head || out.body === undefined) {
    res.end();
    return { status: out.status, bodyBytes: 0, complete: !gone };
  }
  const body = out.body;
  let ok = true;
  if (Buffer.isBuffer(body)) ok = await write(body);
  else await body(async (chunk) => (ok = await write(chunk)));
  const complete = ok && !gone;
  if (complete) res.end();
  return { status: out.status, bodyBytes: sent, complete };
}
