/**
 * The web host: the start page (`/s/{id}?zak=`), join and play pages, and the recording download
 * endpoints. A download answers 302 to a pre-signed CDN URL only with a good Bearer token; without
 * one Zoom answers `200 text/html` with an error page, the quirk downloaders must detect. Pages
 * and files are found in any account this host serves; only the owning account's credentials
 * (token, ZAK) open them.
 */
import type { SimRequest } from './sim-server.js';
import type { SimAccount } from './account.js';
import type { SimFaults } from './faults.js';
import { accountOfFile, bearerOf } from './request-account.js';
import { type SimResponse, htmlPage } from './response.js';
import { startVerdict } from './start-verdict.js';
import { signedCdnUrl } from './cdn-signature.js';

export interface WebDeps {
  /** The accounts this host serves. */
  accounts: readonly SimAccount[];
  faults: SimFaults;
  clock: () => number;
  cdnUrl(): string;
  foreignUrl(): string;
}

/** `webhook`: the URLs of webhook events, which the event's `download_token` opens too. */
const DOWNLOAD_PATHS = [
  { pattern: /^\/rec\/download\/([^/]+)$/, webhook: false },
  { pattern: /^\/rec\/archive\/download\/([^/]+)$/, webhook: false },
  { pattern: /^\/rec\/webhook_download\/([^/]+)$/, webhook: true },
];

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function meetingOwner(deps: WebDeps, meetingId: string): SimAccount | undefined {
  return deps.accounts.find((a) => a.state.meeting(meetingId));
}

function startPage(deps: WebDeps, req: SimRequest, meetingId: string): SimResponse {
  const owner = meetingOwner(deps, meetingId);
  const verdict = owner ? startVerdict(owner.state, owner.tokens, meetingId, req.query.get('zak') ?? '') : 'invalid_meeting';
  const headers = { 'x-sim-start': verdict, 'cache-control': 'no-store' };
  if (verdict === 'invalid_meeting') return htmlPage(404, 'Invalid meeting ID', 'This meeting ID is not valid.', headers);
  if (verdict === 'host') return htmlPage(200, 'Launch Meeting', `Starting meeting ${meetingId} as its host`, headers);
  return htmlPage(200, 'Sign In', 'Sign in to start this meeting', headers);
}

/**
 * A download: the account's access token, a meeting's download token, or (on a webhook's URL only,
 * the simulator's choice: `[?]` whether Zoom takes it elsewhere) the webhook's `download_token` of
 * that recording while unexpired (only that one with `webhookDownloadsNeedEventToken`). Only as
 * `Authorization: Bearer`, as since Feb 2023.
 */
function download(deps: WebDeps, req: SimRequest, fileId: string, webhookUrl: boolean): SimResponse {
  const owner = accountOfFile(deps.accounts, fileId);
  const file = owner?.state.files.get(fileId);
  if (!owner || !file) return htmlPage(404, 'Error', 'This recording does not exist.');
  const token = bearerOf(req.headers.authorization);
  // Another account's token is unknown to the owner's: the same page as no token at all.
  const access = token === undefined ? undefined : owner.tokens.checkAccessToken(token);
  const eventToken = webhookUrl && token !== undefined && owner.tokens.webhookTokenRecording(token) === file.recordingUuid;
  // With webhookDownloadsNeedEventToken, a webhook's URL takes its event's token only.
  const eventTokenOnly = webhookUrl && deps.faults.eventTokenOnlyAccounts.has(owner.name);
  const allowed = eventToken || (!eventTokenOnly && (access === 'account' || access === file.meetingId));
  if (!allowed || deps.faults.deniedFiles.has(fileId)) {
    // Zoom's way of saying 401: a 200 page where the file should be.
    return htmlPage(200, 'Error', 'Only the host can download this recording');
  }
  const location = deps.faults.foreignFiles.has(fileId)
    ? `${deps.foreignUrl()}/file/${encodeURIComponent(fileId)}`
    : signedCdnUrl(deps.cdnUrl(), owner.tokens.secret, fileId, deps.clock());
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: Buffer.alloc(0) };
}

export function handleWeb(deps: WebDeps, req: SimRequest): SimResponse {
  const { path } = req;
  const isGet = req.method === 'GET' || req.method === 'HEAD';
  for (const { pattern, webhook } of DOWNLOAD_PATHS) {
    const m = pattern.exec(path);
    if (m?.[1] && isGet) return download(deps, req, decoded(m[1]), webhook);
  }
  const page = /^\/([sjw])\/(\d+)$/.exec(path);
  if (page?.[2] && isGet) {
    if (page[1] === 's') return startPage(deps, req, page[2]);
    return meetingOwner(deps, page[2])
      ? htmlPage(200, 'Join Meeting', `Joining meeting ${page[2]}`)
      : htmlPage(404, 'Invalid meeting ID', 'This meeting ID is not valid.');
  }
  const play = /^\/rec\/play\/([^/]+)$/.exec(path);
  if (play?.[1] && isGet) {
    return accountOfFile(deps.accounts, decoded(play[1]))
      ? htmlPage(200, 'Recording', 'Playing the recording')
      : htmlPage(404, 'Error', 'This recording does not exist.');
  }
  return htmlPage(404, 'Error', 'The page you are looking for does not exist.');
}
