import { Router } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import { clientAllowsUser } from '../auth/client-scope.js';
import { ProxyError, ZoomApiError, toProxyError } from '../errors.js';
import { buildStartRedirect } from '../links/start-redirect.js';
import type { Services } from '../services.js';

/** Zoom meeting ids, personal meeting ids included, are decimal numbers of 9 to 11 digits. */
const MEETING_ID = /^\d{1,19}$/;

/**
 * `GET /start/{meetingId}`: by signed link (browsers) or client key (apps). Looks the meeting (or webinar) up,
 * takes a fresh ZAK of its host and redirects to the meeting's own start URL with that ZAK. The
 * Location is a credential: no-store, no referrer.
 */
export function createStartRoute(services: Services, auth: Authenticator): Router {
  const { meetings, zaks, signer, links, config } = services;
  const router = Router();

  router.get('/start/:meetingId', async (req, res) => {
    res.locals.route = 'start';
    const meetingId = req.params.meetingId;
    if (!MEETING_ID.test(meetingId)) throw new ProxyError('bad_request', { message: 'A meeting ID is a number.' });

    const { exp, sig } = req.query;
    const signed = exp !== undefined || sig !== undefined;
    const client = signed ? undefined : auth.client(req);
    if (signed) {
      const verdict = signer.verify('start', meetingId, typeof exp === 'string' ? exp : undefined, typeof sig === 'string' ? sig : undefined);
      if (verdict === 'expired') throw new ProxyError('link_expired');
      if (verdict !== 'ok') throw new ProxyError('link_invalid');
    } else if (!client) {
      throw new ProxyError('link_required');
    }
    if (client) res.locals.client = client.name;

    const meeting = await meetings.get(meetingId).catch((err: unknown) => {
      throw toProxyError(err, { notFound: 'meeting_not_found' });
    });
    if (client && !clientAllowsUser(client, { id: meeting.host_id, email: meeting.host_email })) {
      throw new ProxyError('forbidden');
    }
    res.set('cache-control', 'no-store');
    if (client && (req.headers.accept ?? '').includes('application/json')) {
      res.json({ start_url: links.startLink(meetingId) });
      return;
    }
    const zak = await zaks.get(meeting.host_id).catch((err: unknown) => {
      throw toProxyError(err, { notFound: 'user_not_found' });
    });
    res.set('referrer-policy', 'no-referrer');
    // No body: Express's default redirect body would repeat the Location, ZAK included.
    res.status(302).location(buildStartRedirect(meeting.start_url, meeting.id ?? meetingId, config.zoom.webUrl, zak)).end();
  });
  return router;
}
