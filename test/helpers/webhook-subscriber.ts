/**
 * An internal app subscribed to the proxy's webhooks, for tests: a real node:http server on a free
 * loopback port that keeps every delivery (headers, raw body), checks its Standard Webhooks
 * signature with the `standardwebhooks` package, and answers as told for the next N deliveries (a
 * status, slowly, or never). `webhookSecret()` makes a secret of the form subscribers configure;
 * `subscriberForTest` starts one for a test of the relay.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_CANARY } from './zoom-event.js';

/** A Standard Webhooks secret: `whsec_` + base64 of `bytes` random bytes (24 to 64). */
export function webhookSecret(bytes = 32): string {
  return `whsec_${randomBytes(bytes).toString('base64')}`;
}

/** How to answer a delivery: `status` (default the subscriber's), after `delayMs`, or never (`hang`). */
export interface SubscriberAnswer {
  status?: number;
  delayMs?: number;
  hang?: boolean;
}

export interface SubscriberDelivery {
  method: string;
  /** As received, query included. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as it came. */
  body: Buffer;
  text: string;
  json<T = Record<string, unknown>>(): T;
  /** `Date.now()` when the body had arrived. */
  receivedAt: number;
  /**
   * `new Webhook(secret).verify(body, headers)` passed: the signature, and a `webhook-timestamp`
   * within the library's 5 minutes of the real clock.
   */
  verified: boolean;
  /** Why `verify` refused it. */
  verifyError?: string;
  /** The signature is the library's for this id, timestamp and body, whatever the clock (senders on a test clock). */
  signatureValid: boolean;
  /** What it was told: the status it got, or `'hang'`. */
  answer: number | 'hang';
}

export interface WebhookSubscriber {
  /** Where to deliver: `http://127.0.0.1:{port}{path}`. */
  readonly url: string;
  readonly secret: string;
  readonly deliveries: SubscriberDelivery[];
  /** Answer the next `count` deliveries so (after those already planned). */
  answerNext(answer: SubscriberAnswer, count?: number): void;
  /** Resolves once `count` deliveries in all have arrived; rejects after `timeoutMs` (real time). */
  waitFor(count: number, timeoutMs?: number): Promise<SubscriberDelivery[]>;
  /** Stops listening and cuts every connection, hanging ones included. */
  close(): Promise<void>;
}

export interface SubscriberOptions {
  /** Default `webhookSecret()`. */
  secret?: string;
  /** Default `/webhooks`. */
  path?: string;
  /** The answer when none is planned. Default 204. */
  status?: number;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Whether one of the `webhook-signature` entries is the library's signature, the timestamp left unjudged. */
function signatureMatches(hook: Webhook, headers: IncomingHttpHeaders, body: Buffer): boolean {
  const id = header(headers, 'webhook-id');
  const seconds = Number(header(headers, 'webhook-timestamp'));
  if (id === '' || !Number.isInteger(seconds)) return false;
  const expected = Buffer.from(hook.sign(id, new Date(seconds * 1000), body));
  return header(headers, 'webhook-signature').split(' ').some((given) => {
    const bytes = Buffer.from(given);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  });
}

export async function startWebhookSubscriber(options: SubscriberOptions = {}): Promise<WebhookSubscriber> {
  const secret = options.secret ?? webhookSecret();
  const hook = new Webhook(secret);
  const deliveries: SubscriberDelivery[] = [];
  const planned: SubscriberAnswer[] = [];
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();

  const respond = (res: ServerResponse, answer: SubscriberAnswer, status: number): void => {
    if (answer.hang) return;
    const send = (): void => void res.writeHead(status, { 'content-length': '0' }).end();
    if (!answer.delayMs) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, answer.delayMs);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = planned.shift() ?? {};
      const status = answer.status ?? options.status ?? 204;
      let verifyError: string | undefined;
      try {
        hook.verify(body, {
          'webhook-id': header(req.headers, 'webhook-id'),
          'webhook-timestamp': header(req.headers, 'webhook-timestamp'),
          'webhook-signature': header(req.headers, 'webhook-signature'),
        });
      } catch (err) {
        verifyError = err instanceof Error ? err.message : String(err);
      }
      deliveries.push({
        method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, text: body.toString('utf8'),
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
        receivedAt: Date.now(),
        verified: verifyError === undefined,
        ...(verifyError === undefined ? {} : { verifyError }),
        signatureValid: signatureMatches(hook, req.headers, body),
        answer: answer.hang ? 'hang' : status,
      });
      for (const wake of [...waiters]) wake();
      respond(res, answer, status);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/webhooks'}`,
    secret,
    deliveries,
    answerNext(answer, count = 1) {
      for (let i = 0; i < count; i++) planned.push(answer);
    },
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (deliveries.length < count) return;
          done();
          resolve(deliveries.slice(0, count));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`webhook subscriber: ${deliveries.length} deliveries after ${timeoutMs} ms, waited for ${count}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * A subscriber for one test, closed when it ends: answering `200`, with the secret the test stacks
 * configure (webhook-stack.ts) unless told otherwise, so `verified` holds for what the proxy signs.
 */
export async function subscriberForTest(t: TestContext, options: SubscriberOptions = {}): Promise<WebhookSubscriber> {
  const subscriber = await startWebhookSubscriber({ status: 200, secret: WEBHOOK_CANARY.subscriberSecret, ...options });
  t.after(() => subscriber.close());
  return subscriber;
}
