import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountSide } from '../accounts/account-side.js';
import { perAccount } from '../accounts/per-account.js';
import type { Authenticator } from '../auth/authenticate.js';
import { clientAllowsUser } from '../auth/client-scope.js';
import { ProxyError, toProxyError } from '../errors.js';
import { createHostMatcher } from '../http/host-matcher.js';
import { nodeRoute, type RouteResponse } from '../http/node-route.js';
import { buildStartRedirect } from '../links/start-redirect.js';
import type { Services } from '../services.js';

/** A meeting id, personal meeting ids included, is a decimal number; up to 19 digits keeps it within Zoom's 64-bit ids. */
const MEETING_ID = /^\d{1,19}$/;
const PREFIX = '/start/';
const ALLOW = 'GET, HEAD, OPTIONS';

/** Requests for `/start/...`, in any letter case as Express matched them: this route takes them before Express sees them. */
export function isStartRequest(url: string | undefined): boolean {
  return url !== undefined && url.length >= PREFIX.length && url.slice(0, PREFIX.length).toLowerCase() === PREFIX;
}

/** The path segment decoded once (`%38%35...` is a meeting id too); undefined when its escapes are broken. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A query parameter given exactly once; absent or repeated is undefined (a repeated `sig` never verifies). */
function single(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  return all.length === 1 ? all[0] : undefined;
}

/** The side a signed link names in `acct` (services.sideOfLink); a repeated `acct` names none. */
function linkSideOf(services: Services, query: URLSearchParams): AccountSide | undefined {
  const acct = query.getAll('acct');
  return acct.length > 1 ? undefined : services.sideOfLink(acct[0]);
}

/**
 * `GET /start/{meetingId}`: by signed link (browsers) or client key (apps). Looks the meeting (or
 * webinar) up, takes a fresh ZAK of its host and redirects to the meeting's own start URL with that
 * ZAK. The Location is a credential: no-store, no referrer. The hottest route of the product, so it
 * runs on node:http (see nodeRoute).
 */
export function createStartRoute(services: Services, auth: Authenticator): (req: IncomingMessage, res: ServerResponse) => void {
  const { signer, logger, metrics } = services;
  const startHostsOf = perAccount(services, (side) => createHostMatcher(side.account.startHosts));

  async function handle(req: IncomingMessage, res: RouteResponse): Promise<void> {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { allow: ALLOW }).end();
      return;
    }
    // Other methods: no such route, as for any path the proxy does not serve.
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ProxyError('not_found');
    const url = req.url ?? PREFIX;
    const queryAt = url.indexOf('?');
    // One trailing slash is tolerated, as Express's routes do; any other `/` is not a meeting.
    const segment = url.slice(PREFIX.length, queryAt < 0 ? undefined : queryAt).replace(/\/$/, '');
    if (segment.includes('/')) throw new ProxyError('not_found');
    const meetingId = decodeSegment(segment);
    if (meetingId === undefined || !MEETING_ID.test(meetingId)) throw new ProxyError('bad_request', { message: 'A meeting ID is a number.' });

    const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
    const signed = query.has('exp') || query.has('sig');
    const client = signed ? undefined : auth.client(req);
    // A link is served with the credential of the account it names; a client with its own account's.
    const side = signed ? linkSideOf(services, query) : services.sideOf(client?.account);
    if (signed) {
      if (side === undefined) throw new ProxyError('link_invalid');
      const verdict = signer.verify('start', meetingId, single(query, 'exp'), single(query, 'sig'), side.label);
      if (verdict === 'expired') throw new ProxyError('link_expired');
      if (verdict !== 'ok') throw new ProxyError('link_invalid');
    } else if (!client) {
      throw new ProxyError('link_required');
    }
    if (client) res.locals.client = client.name;
    // Only for the types: a client's side is always found (sideOf throws otherwise).
    if (side === undefined) throw new ProxyError('link_required');
    res.locals.account = side.label;
    const { meetings, zaks, links } = side;

    const meeting = await meetings.get(meetingId).catch((err: unknown) => {
      throw toProxyError(err, { notFound: 'meeting_not_found', rateLimited: 'zoom_error' });
    });
    if (client && !clientAllowsUser(client, { id: meeting.host_id, email: meeting.host_email })) {
      throw new ProxyError('forbidden');
    }
    if (client && (req.headers.accept ?? '').includes('application/json')) {
      const body = JSON.stringify({ start_url: links.startLink(meetingId) });
      res.writeHead(200, {
        'cache-control': 'no-store',
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const zak = await zaks.get(meeting.host_id).catch((err: unknown) => {
      throw toProxyError(err, { notFound: 'user_not_found', rateLimited: 'zoom_error' });
    });
    const onRefusedHost = (host: string): void =>
      logger.warn({ meetingId, host }, 'start_url names a host outside zoom.startHosts: redirecting to zoom.webUrl instead');
    // No body: a redirect body would repeat the Location, ZAK included.
    res.writeHead(302, {
      location: buildStartRedirect(meeting.start_url, meeting.id ?? meetingId, { webUrl: side.account.webUrl, zak, startHosts: startHostsOf(side.account.name), onRefusedHost }),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-length': 0,
    });
    res.end();
  }

  return nodeRoute('start', logger, metrics, handle);
}
