import { perAccount } from '../accounts/per-account.js';
import { Router } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import { hostInScope } from '../auth/host-in-scope.js';
import { createHostMatcher } from '../http/host-matcher.js';
import { decodeLinkSubject, dropInTarget, withoutQueryCredentials } from '../downloads/download-target.js';
import { createCurrentDownloadUrl } from '../downloads/current-download-url.js';
import { createDownloadOpener } from '../downloads/open-download.js';
import { createDownloadStreamer } from '../downloads/stream-download.js';
import { DEFAULTS } from '../config/config.js';
import { ProxyError } from '../errors.js';
import { createConcurrencyLimit } from '../http/concurrency-limit.js';
import type { Services } from '../services.js';

/** Zoom's download paths that existing apps call on the proxy's host instead of Zoom's. */
const DROP_IN = /^\/rec\/(?:download|archive)\//;
/** A RegExp without groups, not `/download/:encoded`: Express would percent-decode the segment and fail a bad `%` with a 500. */
const SIGNED = /^\/download\/[^/]+$/;

/**
 * Recording downloads (docs/downloads.md): `GET`/`HEAD /download/{base64url(zoomUrl)}?exp=&sig=`, the
 * signed link the passthrough writes for every `download_url`, and the drop-in `/rec/download/*`
 * and `/rec/archive/*` with a client key. Both stream the file from Zoom with the proxy's token (for
 * a file of a relayed event, its `download_token` first: open-download.ts).
 *
 * Scope of the drop-in: the file's owner is not in its path, so a client limited to some users asks
 * the account's `recordingOwner(zoomUrl)` (by default what the proxy learned from the recordings answers
 * it passed on, recording-owners.ts); when that knows nobody, or somebody out of the client's scope,
 * the answer is 403 `forbidden` and the file is not asked for. The owner is known by `host_id`: a
 * client that lists users by email gets that id's email looked up (cached), as the passthrough does.
 * A client with `users: ["*"]` may download anything.
 */
export function createDownloadRoutes(services: Services, auth: Authenticator): Router {
  const { config, signer, logger } = services;
  const idleTimeoutMs = config.downloads.idleTimeoutSeconds * 1000;
  // Each account's files come from its hosts with its token; its owners are checked with its look-ups.
  const { downloadTokens, eventFiles } = services;
  const sideOf = perAccount(services, ({ account, label, tokens, zoom, pools, scopeLookups, recordingOwner }) => ({
    account,
    label,
    allowed: createHostMatcher(account.downloadHosts),
    stream: createDownloadStreamer({
      open: createDownloadOpener({
        agents: pools.downloads,
        tokens,
        downloadHosts: account.downloadHosts,
        maxRedirects: config.downloads.maxRedirects,
        idleTimeoutMs,
        headDeadlineMs: account.timeoutSeconds * 1000,
        metrics: services.metrics,
        logger,
        account: label,
        // A relayed event's files: its download_token first, then the account's token, then the API's URL.
        eventTokenFor: (zoomUrl) => downloadTokens.tokenFor(account.name, zoomUrl.href),
        currentUrlOf: createCurrentDownloadUrl({
          placeOf: (zoomUrl) => eventFiles.placeOf(account.name, zoomUrl),
          recordingsOf: (meetingUuid) => zoom.getRecordings(meetingUuid),
        }),
      }),
      maxResumes: config.downloads.maxResumes,
      idleTimeoutMs,
      metrics: services.metrics,
      logger,
      account: label,
    }),
    // The passthrough's look-ups, the same cache (passthrough.scopeCacheSeconds); only `user` is used here.
    userOf: (id: string) => scopeLookups.user(id),
    recordingOwner,
  }));
  // A slow reader holds its connection to Zoom's file host: one link, or one client, may hold a share of the pool, not all of it.
  const perLink = createConcurrencyLimit(
    config.downloads.maxConcurrentPerLink,
    'This download link already has downloads.maxConcurrentPerLink downloads under way. Wait for one to finish, then try again after the time in Retry-After.',
    DEFAULTS.busyRetryAfterSeconds,
    services.underWay.downloadLinks,
  );
  const perClient = createConcurrencyLimit(
    config.downloads.maxConcurrentPerClient,
    'This client key already has downloads.maxConcurrentPerClient downloads under way. Wait for one to finish, then try again after the time in Retry-After.',
    DEFAULTS.busyRetryAfterSeconds,
    services.underWay.downloadClients,
  );
  const router = Router();

  // GET routes answer HEAD too (Express); the streamer sends HEAD on to Zoom.
  router.get(SIGNED, async (req, res) => {
    res.locals.route = 'download';
    const subject = decodeLinkSubject(req.path.slice('/download/'.length));
    const { exp, sig, acct } = req.query;
    // The account the link names serves it (services.sideOfLink); a repeated `acct` names none.
    const side = acct === undefined || typeof acct === 'string' ? services.sideOfLink(acct) : undefined;
    // The signature is checked first, in constant time, so nothing about the URL is judged for a forger.
    const verdict =
      subject === undefined || side === undefined
        ? 'invalid'
        : signer.verify('download', subject, typeof exp === 'string' ? exp : undefined, typeof sig === 'string' ? sig : undefined, side.label);
    if (verdict === 'expired') throw new ProxyError('link_expired');
    if (verdict !== 'ok' || subject === undefined || side === undefined) throw new ProxyError('link_invalid');
    res.locals.account = side.label;
    // Counted by signature: a valid one names one link (its subject and expiry).
    perLink.enter(sig as string, req, res);
    let zoomUrl: URL;
    try {
      zoomUrl = new URL(subject);
    } catch {
      throw new ProxyError('link_invalid');
    }
    const { allowed, stream } = sideOf(side.account.name);
    if (!allowed(zoomUrl)) {
      logger.warn({ host: zoomUrl.host }, 'signed download link names a host outside zoom.downloadHosts: refused');
      throw new ProxyError('link_invalid');
    }
    await stream(req, res, withoutQueryCredentials(zoomUrl));
  });

  router.get(DROP_IN, async (req, res) => {
    res.locals.route = 'download_drop_in';
    const client = auth.client(req);
    if (!client) throw new ProxyError('unauthorized');
    res.locals.client = client.name;
    perClient.enter(client.name, req, res);
    const { account, label, allowed, stream, userOf, recordingOwner } = sideOf(client.account);
    res.locals.account = label;
    const zoomUrl = dropInTarget(account.webUrl, req.originalUrl);
    if (zoomUrl === undefined) throw new ProxyError('bad_request', { message: 'This is not a Zoom recording download path.' });
    if (!allowed(zoomUrl)) {
      throw new ProxyError('zoom_redirect_refused', { message: 'zoom.webUrl is not in zoom.downloadHosts, so the proxy will not send its token there.' });
    }
    if (!client.users.includes('*')) {
      const owner = await recordingOwner(zoomUrl.href);
      if (owner === undefined || !(await hostInScope(client, owner, userOf))) throw new ProxyError('forbidden');
    }
    await stream(req, res, zoomUrl);
  });
  return router;
}
