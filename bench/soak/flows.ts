/**
 * The soak's traffic: every flow of the product, through the proxy, each request judged by what a
 * healthy proxy answers (status, and for downloads every announced byte). Errors are outcomes too,
 * named by their code, never thrown.
 */
import { Agent, request } from 'undici';
import type { LinkBuilder } from '../../src/links/link-builder.js';
import { DEMO } from '../../simulator/simulator.js';

export interface FlowContext {
  proxyUrl: string;
  clientKey: string;
  /** A client whose `users` is alice only, so its calls go through the scope check. */
  scopedKey: string;
  botToken: string;
  /** Signed start and download links on the proxy, as the proxy itself would write them. */
  links: LinkBuilder;
  /** Zoom's web host (the simulator's), where recording downloads live. */
  zoomWebUrl: string;
  dispatcher: Agent;
}

export interface Outcome {
  ok: boolean;
  /** The status, `aborted 200` for a download the client left on purpose, or `error CODE`. */
  key: string;
}

export interface Flow {
  name: string;
  /** Share of the small-request workers' requests. */
  weight: number;
  run(ctx: FlowContext): Promise<Outcome>;
}

type Method = 'GET' | 'POST';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function errorKey(err: unknown): string {
  const e = err as { code?: string; name?: string };
  return `error ${e.code ?? e.name ?? 'unknown'}`;
}

async function send(ctx: FlowContext, method: Method, url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const res = await request(url, { method, headers, body: body ?? null, dispatcher: ctx.dispatcher });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** One request; `ok` is the healthy answer's status plus what else it must hold. */
async function judged(ctx: FlowContext, method: Method, path: string, headers: Record<string, string>, expect: number, check: (a: Answer) => boolean = () => true, body?: string): Promise<Outcome> {
  try {
    const a = await send(ctx, method, path.startsWith('http') ? path : `${ctx.proxyUrl}${path}`, headers, body);
    return { ok: a.status === expect && check(a), key: String(a.status) };
  } catch (err) {
    return { ok: false, key: errorKey(err) };
  }
}

const client = (ctx: FlowContext) => ({ authorization: `Bearer ${ctx.clientKey}` });
const bot = (ctx: FlowContext) => ({ authorization: `Bearer ${ctx.botToken}` });
const MEETINGS = [DEMO.meetings.aliceScheduled, DEMO.meetings.aliceRecurring, DEMO.meetings.bobPmi];
let turn = 0;
/** The next demo meeting, in turn (bob's PMI included: its stored ZAK is invalidated). */
const nextMeeting = (): number => MEETINGS[turn++ % MEETINGS.length]!;
const { files } = DEMO.recordings.aliceScheduled;
const BOUNDARY = 'soak-boundary-7MA4YWxkTrZu0gW';
const PICTURE = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="pic_file"; filename="me.png"\r\nContent-Type: image/png\r\n\r\n${'x'.repeat(20 * 1024)}\r\n--${BOUNDARY}--\r\n`;

/**
 * A recording download: `ok` when every byte of `Content-Length` came. With `abortAfter`, the
 * client leaves after that many bytes (counted `aborted 200`, a success: the proxy must cope).
 */
export async function download(ctx: FlowContext, url: string, headers: Record<string, string>, abortAfter?: number): Promise<Outcome> {
  try {
    const res = await request(url, { headers, dispatcher: ctx.dispatcher });
    const announced = Number(res.headers['content-length'] ?? -1);
    let bytes = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (abortAfter !== undefined && bytes >= abortAfter) {
        res.body.destroy();
        return { ok: res.statusCode === 200, key: `aborted ${res.statusCode}` };
      }
    }
    const whole = res.statusCode === 200 && bytes === announced;
    return { ok: whole, key: res.statusCode === 200 && !whole ? '200 short' : String(res.statusCode) };
  } catch (err) {
    return { ok: false, key: errorKey(err) };
  }
}

export const FLOWS: readonly Flow[] = [
  {
    name: 'start link (signed) -> 302', weight: 3,
    run: (ctx) => judged(ctx, 'GET', ctx.links.startLink(String(nextMeeting())), {}, 302, (a) => String(a.headers.location ?? '').includes('zak=')),
  },
  {
    name: 'start (client key, JSON)', weight: 1,
    run: (ctx) => judged(ctx, 'GET', `/start/${nextMeeting()}`, { ...client(ctx), accept: 'application/json' }, 200, (a) => a.text.includes('"start_url"')),
  },
  {
    // A new id every time: whatever the proxy keeps per meeting must stay bounded.
    name: 'start link (signed), unknown meeting -> 404', weight: 1,
    run: (ctx) => judged(ctx, 'GET', ctx.links.startLink(String(90_000_000_000 + Math.floor(Math.random() * 9_999_999_999))), {}, 404),
  },
  {
    name: '/v2 meeting, client limited to alice (scope look-up)', weight: 1,
    run: (ctx) => judged(ctx, 'GET', `/v2/meetings/${DEMO.meetings.aliceScheduled}`, { authorization: `Bearer ${ctx.scopedKey}` }, 200),
  },
  { name: 'bot /zak', weight: 2, run: (ctx) => judged(ctx, 'GET', '/zak', bot(ctx), 200, (a) => a.text.length > 0) },
  { name: 'bot /obf', weight: 1, run: (ctx) => judged(ctx, 'GET', `/obf?meeting_id=${DEMO.meetings.aliceScheduled}`, bot(ctx), 200, (a) => a.text.length > 0) },
  {
    name: '/v2 meeting (small GET)', weight: 3,
    run: (ctx) => judged(ctx, 'GET', `/v2/meetings/${nextMeeting()}`, client(ctx), 200, (a) => a.text.includes(`"start_url":"${ctx.proxyUrl}/start/`)),
  },
  {
    name: '/v2 meeting list (rewritten)', weight: 1,
    run: (ctx) => judged(ctx, 'GET', `/v2/users/${DEMO.users.alice.id}/meetings?page_size=30`, client(ctx), 200, (a) => a.text.includes(`${ctx.proxyUrl}/start/`)),
  },
  {
    name: '/v2 recording list (rewritten)', weight: 1,
    run: (ctx) => judged(ctx, 'GET', `/v2/users/${DEMO.users.alice.id}/recordings`, client(ctx), 200, (a) => a.text.includes(`${ctx.proxyUrl}/download/`)),
  },
  {
    // A POST with a body (Zoom's profile picture upload, multipart): not one of Zoom's daily-capped
    // meeting writes, so it can run for ten minutes; the proxy must resend it byte for byte on a 124.
    name: '/v2 POST picture (multipart, 20 KB)', weight: 1,
    run: (ctx) => judged(ctx, 'POST', `/v2/users/${DEMO.users.alice.id}/picture`, { ...client(ctx), 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, 201, () => true, PICTURE),
  },
  {
    name: 'download small (signed link)', weight: 1,
    run: (ctx) => download(ctx, ctx.links.downloadLink(`${ctx.zoomWebUrl}/rec/download/${files.transcript}`), {}),
  },
  {
    name: 'download small (drop-in /rec/download)', weight: 1,
    run: (ctx) => download(ctx, `${ctx.proxyUrl}/rec/download/${files.transcript}`, client(ctx)),
  },
];

/** What the large-download worker counts its requests under. */
export const LARGE_DOWNLOAD = 'download 52 MB (every other one aborted mid-way)';

/** The 52 MB recording, whole (`abort` false) or left after a random 1 to 33 MB. */
export function largeDownload(ctx: FlowContext, abort: boolean): Promise<Outcome> {
  const url = ctx.links.downloadLink(`${ctx.zoomWebUrl}/rec/download/${files.mp4}`);
  return download(ctx, url, {}, abort ? (1 + Math.floor(Math.random() * 32)) * 1024 * 1024 : undefined);
}
