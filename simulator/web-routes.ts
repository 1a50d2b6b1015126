/**
 * The web host: the start page (`/s/{id}?zak=`), join and play pages, and the recording download
 * endpoints. A download answers 302 to a pre-signed CDN URL only with a good Bearer token; without
 * one Zoom answers `200 text/html` with an error page, the quirk downloaders must detect.
 */
import type { SimRequest } from './sim-server.js';
import type { SimState } from './state.js';
import type { TokenStore } from './tokens.js';
import type { SimFaults } from './faults.js';
import { type SimResponse, htmlPage } from './response.js';
import { startVerdict } from './start-verdict.js';
import { signedCdnUrl } from './cdn-signature.js';

export interface WebDeps {
  state: SimState;
  tokens: TokenStore;
  faults: SimFaults;
  clock: () => number;
  cdnUrl(): string;
  foreignUrl(): string;
}

const DOWNLOAD_PATHS = [/^\/rec\/download\/([^/]+)$/, /^\/rec\/archive\/download\/([^/]+)$/, /^\/rec\/webhook_download\/([^/]+)$/];

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function startPage(deps: WebDeps, req: SimRequest, meetingId: string): SimResponse {
  const verdict = startVerdict(deps.state, deps.tokens, meetingId, req.query.get('zak') ?? '');
  const headers = { 'x-sim-start': verdict, 'cache-control': 'no-store' };
  if (verdict === 'invalid_meeting') return htmlPage(404, 'Invalid meeting ID', 'This meeting ID is not valid.', headers);
  if (verdict === 'host') return htmlPage(200, 'Launch Meeting', `Starting meeting ${meetingId} as its host`, headers);
  return htmlPage(200, 'Sign In', 'Sign in to start this meeting', headers);
}

function download(deps: WebDeps, req: SimRequest, fileId: string): SimResponse {
  const file = deps.state.files.get(fileId);
  if (!file) return htmlPage(404, 'Error', 'This recording does not exist.');
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const access = token === undefined ? undefined : deps.tokens.checkAccessToken(token);
  const allowed = access === 'account' || access === file.meetingId;
  if (!allowed || deps.faults.deniedFiles.has(fileId)) {
    // Zoom's way of saying 401: a 200 page where the file should be.
    return htmlPage(200, 'Error', 'Only the host can download this recording');
  }
  const location = deps.faults.foreignFiles.has(fileId)
    ? `${deps.foreignUrl()}/file/${encodeURIComponent(fileId)}`
    : signedCdnUrl(deps.cdnUrl(), deps.tokens.secret, fileId, deps.clock());
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: Buffer.alloc(0) };
}

export function handleWeb(deps: WebDeps, req: SimRequest): SimResponse {
  const { path } = req;
  const isGet = req.method === 'GET' || req.method === 'HEAD';
  for (const pattern of DOWNLOAD_PATHS) {
    const m = pattern.exec(path);
    if (m?.[1] && isGet) return download(deps, req, decoded(m[1]));
  }
  const page = /^\/([sjw])\/(\d+)$/.exec(path);
  if (page?.[2] && isGet) {
    if (page[1] === 's') return startPage(deps, req, page[2]);
    return deps.state.meeting(page[2])
      ? htmlPage(200, 'Join Meeting', `Joining meeting ${page[2]}`)
      : htmlPage(404, 'Invalid meeting ID', 'This meeting ID is not valid.');
  }
  const play = /^\/rec\/play\/([^/]+)$/.exec(path);
  if (play?.[1] && isGet) {
    return deps.state.files.has(decoded(play[1]))
      ? htmlPage(200, 'Recording', 'Playing the recording')
      : htmlPage(404, 'Error', 'This recording does not exist.');
  }
  return htmlPage(404, 'Error', 'The page you are looking for does not exist.');
}
