import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What the demo subscriber keeps of one delivery, for the demo page. */
export interface DemoReceived {
  /** `payload.account_id` of the event: which account's Zoom sent it. */
  zoomAccountId: string;
  event: string;
  webhookId: string;
  /** Whether `new Webhook(secret).verify(body, headers)` passed, as an app would check it. */
  verified: boolean;
  /** The body as it came (JSON text). */
  body: string;
  /** The signed download links in it (every `download_url`), each with its file's type. */
  links: DemoLink[];
}

export interface DemoLink {
  /** `file_type` (or `file_name`) of the file the link is for. */
  label: string;
  url: string;
}

export interface DemoSubscriber {
  /** Where the proxy delivers: `http://127.0.0.1:{port}/events`. */
  readonly url: string;
  /** The latest delivery of events from the Zoom account with this id. */
  latestOf(zoomAccountId: string): DemoReceived | undefined;
  close(): Promise<void>;
}

/** The demo shows the latest event of each account; a few more are kept. */
const KEPT = 20;
/** An event is at most 1 MiB when it reaches the proxy: the demo reads no more. */
const MAX_BODY = 2 * 1024 * 1024;

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function linksIn(value: unknown, into: DemoLink[] = []): DemoLink[] {
  if (Array.isArray(value)) for (const item of value) linksIn(item, into);
  else if (value !== null && typeof value === 'object') {
    const file = value as Record<string, unknown>;
    if (typeof file['download_url'] === 'string') {
      const label = [file['file_type'], file['file_name']].find((v): v is string => typeof v === 'string' && v !== '') ?? 'file';
      into.push({ label, url: file['download_url'] });
    }
    for (const [key, item] of Object.entries(file)) if (key !== 'download_url') linksIn(item, into);
  }
  return into;
}

/**
 * Demo mode's internal app (docs/webhooks.md): an endpoint on loopback the proxy delivers events to,
 * which checks each one as a real subscriber would and keeps it for the demo page to show.
 */
export async function startDemoSubscriber(secret: string): Promise<DemoSubscriber> {
  const hook = new Webhook(secret);
  const received: DemoReceived[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        hook.verify(body, {
          'webhook-id': header(req.headers, 'webhook-id'),
          'webhook-timestamp': header(req.headers, 'webhook-timestamp'),
          'webhook-signature': header(req.headers, 'webhook-signature'),
        });
      } catch {
        verified = false;
      }
      let json: { event?: unknown; payload?: { account_id?: unknown } } = {};
      try {
        json = JSON.parse(body) as typeof json;
      } catch {
        // Kept as text: the page shows what came.
      }
      received.unshift({
        zoomAccountId: typeof json.payload?.account_id === 'string' ? json.payload.account_id : '',
        event: typeof json.event === 'string' ? json.event : '',
        webhookId: header(req.headers, 'webhook-id'),
        verified,
        body,
        links: linksIn(json),
      });
      received.length = Math.min(received.length, KEPT);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // The demo's process ends when the proxy does: this endpoint never holds it up.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    latestOf: (zoomAccountId) => received.find((r) => r.zoomAccountId === zoomAccountId),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
