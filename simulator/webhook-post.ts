/**
 * One webhook attempt: a POST that Zoom counts only if a `200` or `204` has arrived whole within
 * its deadline. The deadline runs on the injected timers, so a test moves it by hand.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SimTimers, SimWebhookAttempt } from './webhook-types.js';

/** Of the answer, this much is kept (a URL validation answer is a few dozen bytes). */
const MAX_KEPT_ANSWER = 64 * 1024;

export type PostResult = Pick<SimWebhookAttempt, 'status' | 'outcome' | 'responseText' | 'error'>;

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  deadlineMs: number;
  timers: SimTimers;
  /** Aborts the attempt (the simulator closing). */
  signal: AbortSignal;
}

export function postWebhook(o: PostOptions): Promise<PostResult> {
  return new Promise((resolve) => {
    const target = new URL(o.url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let status = 0;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    const text = (): string => Buffer.concat(kept).subarray(0, MAX_KEPT_ANSWER).toString('utf8');
    let settled = false;
    // A fresh connection per attempt, as from Zoom's fleet; nothing lingers after the test.
    const req = send(target, { method: 'POST', headers: { ...o.headers, 'content-length': String(o.body.length) }, agent: false, signal: o.signal });
    const finish = (result: PostResult): void => {
      if (settled) return;
      settled = true;
      o.timers.clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const timer = o.timers.setTimeout(() => {
      finish({ status, outcome: 'timeout', responseText: text(), error: `no whole answer within ${o.deadlineMs} ms` });
    }, o.deadlineMs);
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.on('data', (chunk: Buffer) => {
        if (keptBytes >= MAX_KEPT_ANSWER) return;
        kept.push(chunk);
        keptBytes += chunk.length;
      });
      res.on('end', () => finish({ status, outcome: status === 200 || status === 204 ? 'delivered' : 'refused', responseText: text() }));
      res.on('error', (err: NodeJS.ErrnoException) => finish({ status, outcome: 'error', responseText: text(), error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish({ status, outcome: 'error', responseText: text(), error: err.code ?? err.message }));
    req.end(o.body);
  });
}
