import { Router } from 'express';
import { request } from 'undici';
import { ProxyError, toProxyError } from '../errors.js';
import type { Services } from '../services.js';
import type { AccountSide } from '../accounts/account-side.js';
import { renderDemoPage, type AccountView, type MeetingView, type ProxiedAnswer } from './demo-page-html.js';
import type { DemoReceived, DemoSubscriber } from './demo-subscriber.js';

/** What the demo page shows, from the demo's seed data; plain values, so the page needs no simulator. */
export interface DemoFacts {
  /** The first account's simulated Zoom, named in the page's warning. */
  simulatorUrl: string;
  /** A section each, in this order. */
  accounts: readonly DemoAccountFacts[];
  /** The internal app the proxy delivers the demo's webhooks to: what it received is on the page. */
  subscriber: Pick<DemoSubscriber, 'latestOf'>;
}

/** One account's part of the page: its meetings, a recording, its `/v2` calls, its key and its bot. */
export interface DemoAccountFacts {
  /** The account's name in the configuration: its links name it. */
  name: string;
  /** The section's heading. */
  title: string;
  /** The account's simulated Zoom web host (where its recording files live). */
  simulatorUrl: string;
  clientKey: string;
  botToken: string;
  meetingIds: readonly number[];
  recording: { meetingId: number; files: readonly { fileType: string; id: string; size: number }[] };
  /** The `/v2` requests whose answers the page shows, fetched through the proxy. */
  apiPaths: readonly string[];
  /** Whether Zoom would still start this meeting as host with this ZAK. */
  zakStillWorks(meetingId: number, zak: string): boolean;
  /**
   * The account's Zoom app: its id (in each event's `payload.account_id`), and `send(route)`, which
   * points its event subscription at the proxy's route and sends the recording's `recording.completed`,
   * answering the status the proxy gave Zoom.
   */
  webhook: { zoomAccountId: string; send(route: string): Promise<number> };
}

/** Built by demo mode; the app mounts its routes (`GET /`, `POST /demo/webhook`) only when it is given one. */
export type DemoPageFactory = (services: Services) => Router;

const MEETING_KINDS: Record<number, string> = { 1: 'Instant meeting', 2: 'Scheduled meeting', 3: 'Recurring meeting', 4: 'Personal meeting ID', 8: 'Recurring meeting' };

/**
 * The page is built into the browser's view and links can be followed from it, so it forbids
 * everything but its own inline style (and its one form, posted to itself): an escaping slip still
 * could not run a script.
 */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const maskZak = (url: string): string => url.replace(/([?&]zak=)[^&#]*/i, '$1(hidden)');

async function meetingView(side: AccountSide, facts: DemoAccountFacts, id: number): Promise<MeetingView> {
  const proxyLink = side.links.startLink(String(id));
  try {
    const meeting = await side.zoom.getMeeting(String(id));
    const { topic } = meeting as { topic?: unknown };
    const storedUrl = meeting.start_url;
    let stored: MeetingView['stored'] = { state: 'none' };
    if (storedUrl !== undefined) {
      const zak = new URL(storedUrl).searchParams.get('zak') ?? '';
      // A start_url whose ZAK still works is a live host credential: it never reaches the page whole.
      stored = facts.zakStillWorks(id, zak) ? { state: 'hidden', masked: maskZak(storedUrl) } : { state: 'open', url: storedUrl };
    }
    return {
      id, proxyLink, stored,
      topic: typeof topic === 'string' ? topic : `Meeting ${id}`,
      kind: MEETING_KINDS[meeting.type ?? 2] ?? 'Meeting',
      hostEmail: meeting.host_email ?? meeting.host_id,
    };
  } catch (err) {
    return { id, proxyLink, stored: { state: 'none' }, topic: '', kind: '', hostEmail: '', error: toProxyError(err).message };
  }
}

/** One `/v2` request through the proxy itself, as an app would send it: what the page shows is what an app gets. */
async function throughProxy(services: Services, side: AccountSide, facts: DemoAccountFacts, path: string): Promise<ProxiedAnswer> {
  const url = `${services.publicUrl.replace(/\/+$/, '')}${path}`;
  const curl = `curl -s -H 'Authorization: Bearer ${facts.clientKey}' ${url}`;
  const timeoutMs = side.account.timeoutSeconds * 1000 * 2;
  try {
    const res = await request(url, {
      headers: { authorization: `Bearer ${facts.clientKey}`, accept: 'application/json' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    let body = text;
    try {
      body = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: shown as it came.
    }
    return { path, curl, status: res.statusCode, body };
  } catch (err) {
    return { path, curl, status: 0, body: `The proxy did not answer: ${toProxyError(err).message}` };
  }
}

/** One account's section: its links signed for it, its meetings asked of it, its `/v2` answers got with its key. */
async function accountView(services: Services, facts: DemoAccountFacts, received: DemoReceived | undefined): Promise<AccountView> {
  const side = services.sideOf(facts.name);
  const publicUrl = services.publicUrl.replace(/\/+$/, '');
  const [meetings, answers] = await Promise.all([
    Promise.all(facts.meetingIds.map((id) => meetingView(side, facts, id))),
    Promise.all(facts.apiPaths.map((path) => throughProxy(services, side, facts, path))),
  ]);
  const recorded = meetings.find((m) => m.id === facts.recording.meetingId);
  return {
    name: facts.name,
    title: facts.title,
    meetings,
    recording: {
      topic: recorded?.topic || `Meeting ${facts.recording.meetingId}`,
      files: facts.recording.files.map((f) => ({
        fileType: f.fileType,
        size: f.size,
        link: side.links.downloadLink(`${facts.simulatorUrl}/rec/download/${f.id}`),
      })),
    },
    answers,
    zakLink: `${publicUrl}/zak?token=${encodeURIComponent(facts.botToken)}`,
    webhook: {
      action: `/demo/webhook?account=${encodeURIComponent(facts.name)}`,
      curl: webhookCurl(publicUrl, facts.name),
      received: received === undefined ? undefined : { ...received, body: pretty(received.body) },
    },
  };
}

/** The one line that makes an account's Zoom send a `recording.completed` (the banner shows the first). */
export function webhookCurl(publicUrl: string, account: string): string {
  return `curl -s -X POST '${publicUrl}/demo/webhook?account=${encodeURIComponent(account)}'`;
}

/** The body parsed, or as it came when it is not JSON. */
function parsedOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function pretty(text: string): string {
  const parsed = parsedOr(text);
  return typeof parsed === 'string' ? parsed : JSON.stringify(parsed, null, 2);
}

/** What `POST /demo/webhook` answers a script: what Zoom was told, and what the demo subscriber got. */
function webhookSummary(account: string, zoomGot: number, received: DemoReceived | undefined): Record<string, unknown> {
  if (received === undefined) return { account, zoomGot, received: null };
  const { webhookId, event, verified, links, body } = received;
  return { account, zoomGot, received: { webhookId, event, signatureVerified: verified, links, body: parsedOr(body) } };
}

/**
 * Demo mode's routes: `GET /`, a page a person can click through, a section per account (links
 * signed when the page is made, the `/v2` answers fetched through the proxy at the same moment);
 * and `POST /demo/webhook?account=`, which makes the account's Zoom send a `recording.completed` to
 * the proxy's webhook route, then shows what the demo subscriber received: the page again (a form's
 * post) or, for a script, JSON.
 */
export function createDemoPage(facts: DemoFacts): DemoPageFactory {
  return (services) => {
    const router = Router();
    router.get('/', async (_req, res) => {
      res.locals.route = 'demo';
      const { config } = services;
      const body = renderDemoPage({
        publicUrl: services.publicUrl.replace(/\/+$/, ''),
        simulatorUrl: facts.simulatorUrl,
        startTtlSeconds: config.links.startTtlSeconds,
        downloadTtlSeconds: config.links.downloadTtlSeconds,
        accounts: await Promise.all(facts.accounts.map((a) => accountView(services, a, facts.subscriber.latestOf(a.webhook.zoomAccountId)))),
      });
      res.writeHead(200, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    router.post('/demo/webhook', async (req, res) => {
      res.locals.route = 'demo';
      const { account } = req.query;
      const named = typeof account === 'string' ? account : facts.accounts[0]?.name;
      const chosen = facts.accounts.find((a) => a.name === named);
      if (chosen === undefined) throw new ProxyError('not_found', { message: 'The demo has no account of that name.' });
      const route = `${services.publicUrl.replace(/\/+$/, '')}/webhooks/zoom/${encodeURIComponent(chosen.name)}`;
      const zoomGot = await chosen.webhook.send(route);
      if (req.accepts(['json', 'html']) === 'html') {
        res.redirect(303, `/#webhook-${encodeURIComponent(chosen.name)}`);
        return;
      }
      res.status(200).json(webhookSummary(chosen.name, zoomGot, facts.subscriber.latestOf(chosen.webhook.zoomAccountId)));
    });
    return router;
  };
}
