import { Router, type Response } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import { ProxyError, toProxyError } from '../errors.js';
import { sendNoStore } from '../http/send-no-store.js';
import type { Services } from '../services.js';

const MEETING_ID = /^\d{1,19}$/;

/** The body is the raw token and nothing else: bot platforms read it verbatim (docs/zoom.md). */
function sendToken(res: Response, token: string): void {
  // Never a 304: the token (a single-use OBF one included) would be minted for nothing.
  sendNoStore(res, 'text/plain; charset=utf-8', token);
}

/**
 * `GET /zak` and `GET /obf?meeting_id=`: the URLs meeting bots (Recall.ai `zoom.zak_url` /
 * `zoom.obf_token_url`, Meeting BaaS) fetch just before joining. Extra query parameters are ignored.
 * Never a 200 without a token: every failure is a 4xx/5xx so the bot reports it instead of joining
 * with garbage.
 */
export function createBotTokenRoutes(services: Services, auth: Authenticator): Router {
  const router = Router();
  router.get('/zak', async (req, res) => {
    res.locals.route = 'zak';
    const bot = auth.bot(req);
    res.locals.client = bot.name;
    const { zaks, label } = services.sideOf(bot.account);
    res.locals.account = label;
    const zak = await zaks.get(bot.user).catch((err: unknown) => {
      throw toProxyError(err, { notFound: 'user_not_found', rateLimited: 'zoom_error' });
    });
    sendToken(res, zak);
  });
  // An OBF token is single use: a HEAD (a monitor's probe, say) must not mint one only to drop it.
  router.head('/obf', (_req, res) => {
    res.locals.route = 'obf';
    throw new ProxyError('method_not_allowed', { headers: { allow: 'GET' } });
  });
  router.get('/obf', async (req, res) => {
    res.locals.route = 'obf';
    const bot = auth.bot(req);
    res.locals.client = bot.name;
    const { zoom, label } = services.sideOf(bot.account);
    res.locals.account = label;
    const meetingId = req.query.meeting_id;
    if (typeof meetingId !== 'string' || !MEETING_ID.test(meetingId)) {
      throw new ProxyError('bad_request', { message: 'Add ?meeting_id= with the numeric ID of the meeting the bot will join.' });
    }
    const obf = await zoom.mintObf(bot.user, meetingId).catch((err: unknown) => {
      throw toProxyError(err, { notFound: 'user_not_found', rateLimited: 'zoom_error' });
    });
    sendToken(res, obf);
  });
  return router;
}
