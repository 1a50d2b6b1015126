import type { Request, Response } from 'express';
import { request } from 'undici';
import { toProxyError } from '../errors.js';
import type { Services } from '../services.js';
import type { AccountSide } from '../accounts/account-side.js';
import { renderDemoPage, type AccountView, type MeetingView, type ProxiedAnswer } from './demo-page-html.js';

/** What the demo page shows, from the demo's seed data; plain values, so the page needs no simulator. */
export interface DemoFacts {
  /** The first account's simulated Zoom, named in the page's warning. */
  simulatorUrl: string;
  /** A section each, in this order. */
  accounts: readonly DemoAccountFacts[];
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
}

export type DemoPageHandler = (req: Request, res: Response) => Promise<void>;
/** Built by demo mode; the app mounts its handler at `GET /` only when it is given one. */
export type DemoPageFactory = (services: Services) => DemoPageHandler;

const MEETING_KINDS: Record<number, string> = { 1: 'Instant meeting', 2: 'Scheduled meeting', 3: 'Recurring meeting', 4: 'Personal meeting ID', 8: 'Recurring meeting' };

/**
 * The page is built into the browser's view and links can be followed from it, so it forbids
 * everything but its own inline style: an escaping slip still could not run a script.
 */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
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
async function accountView(services: Services, facts: DemoAccountFacts): Promise<AccountView> {
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
  };
}

/**
 * `GET /` in demo mode: a page a person can click through, a section per account. Links are signed
 * when the page is made; the `/v2` answers are fetched through the proxy at the same moment.
 */
export function createDemoPage(facts: DemoFacts): DemoPageFactory {
  return (services) => async (_req, res) => {
    res.locals.route = 'demo';
    const { config } = services;
    const body = renderDemoPage({
      publicUrl: services.publicUrl.replace(/\/+$/, ''),
      simulatorUrl: facts.simulatorUrl,
      startTtlSeconds: config.links.startTtlSeconds,
      downloadTtlSeconds: config.links.downloadTtlSeconds,
      accounts: await Promise.all(facts.accounts.map((a) => accountView(services, a))),
    });
    res.writeHead(200, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}
