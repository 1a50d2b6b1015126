/**
 * Test helpers (not a test): an internal app that subscribes to the proxy's relayed events, a real
 * node:http server on a free loopback port that keeps every delivery (headers and raw body) and can
 * be told to fail the next ones.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** What the subscriber answered. */
  status: number;
}

export interface Subscriber {
  url: string;
  /** Every delivery received, in order (failed ones included: their `status` says so). */
  received: ReceivedDelivery[];
  /** Answer the next `count` deliveries with `status` (500 by default) instead of 200. */
  failNext(count: number, status?: number): void;
  /** Hold the next `count` deliveries `ms` before answering 200. */
  slowNext(count: number, ms: number): void;
  close(): Promise<void>;
}

export async function startSubscriber(): Promise<Subscriber> {
  const received: ReceivedDelivery[] = [];
  let failing = 0;
  let failStatus = 500;
  let slow = 0;
  let slowMs = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let status = 200;
      let delay = 0;
      if (failing > 0) {
        failing--;
        status = failStatus;
      } else if (slow > 0) {
        slow--;
        delay = slowMs;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks), status });
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no'), delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    received,
    failNext(count, status = 500) {
      failing = count;
      failStatus = status;
    },
    slowNext(count, ms) {
      slow = count;
      slowMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A subscriber for one test, closed when it ends. */
export async function subscriberForTest(t: TestContext): Promise<Subscriber> {
  const subscriber = await startSubscriber();
  t.after(() => subscriber.close());
  return subscriber;
}
