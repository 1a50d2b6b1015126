/**
 * Test helper (not a test): a `/v2` upload that announces a large body and sends it a byte at a
 * time, the way a hostile client holds a connection to Zoom while staying under the idle watch.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';

export interface TrickleAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Trickle {
  req: ClientRequest;
  /** Settles with the proxy's answer (if one comes before `stop`). */
  answer: Promise<TrickleAnswer>;
  /** Stops sending and closes the connection. */
  stop(): void;
}

/** POSTs `path` with `key`, announcing `length` bytes and sending one byte every `everyMs`. */
export function trickleUpload(url: string, key: string, options: { path?: string; length?: number; everyMs: number }): Trickle {
  const req = httpRequest(`${url}${options.path ?? '/v2/users/me/uploads'}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream', 'content-length': options.length ?? 4 * 1024 * 1024 },
    agent: false,
  });
  req.on('error', () => undefined);
  req.flushHeaders();
  req.write('x');
  const timer = setInterval(() => req.write('x'), options.everyMs);
  const answer = new Promise<TrickleAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      clearInterval(timer);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (body += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('close', () => reject(new Error('closed without an answer')));
  });
  answer.catch(() => undefined);
  return {
    req,
    answer,
    stop: () => {
      clearInterval(timer);
      req.destroy();
    },
  };
}
