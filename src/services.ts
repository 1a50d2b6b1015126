import { ZoomApiError } from './errors.js';
import type { Dispatcher } from 'undici';
import type { UserRef } from './auth/client-scope.js';
import type { Clock } from './clock.js';
import { DEFAULTS, type Config } from './config/config.js';
import type { DemoPageFactory } from './demo/demo-page.js';
import { createRecordingOwners, type RecordingOwners } from './downloads/recording-owners.js';
import { createZoomProxy, type ZoomProxy } from './http/zoom-proxy.js';
import { createLinkBuilder, type LinkBuilder } from './links/link-builder.js';
import { createReusingLinkBuilder, reuseSecondsFor } from './links/reuse-links.js';
import { createLinkSigner, type LinkSigner } from './links/link-signer.js';
import type { Logger } from './logging/create-logger.js';
import type { Metrics } from './metrics/create-metrics.js';
import { createTokenProvider, type TokenProvider } from './zoom/token-provider.js';
import { createMeetingCache, MEETING_CACHE_SECONDS, type MeetingCache } from './zoom/meeting-cache.js';
import { createZakCache, type ZakCache } from './zoom/zak-cache.js';
import { createZoomClient, type ZoomClient } from './zoom/zoom-client.js';

/** What the app is built from: everything that touches time, the network or output is passed in. */
export interface Deps {
  config: Config;
  /** The base of every link handed out (config.publicUrl, or the default once the port is bound). */
  publicUrl: string;
  logger: Logger;
  metrics: Metrics;
  /** undici dispatcher for every call to Zoom: a keep-alive Agent in production. */
  dispatcher: Dispatcher;
  clock: Clock;
  /**
   * Whose recording a Zoom download URL is, for the drop-in download's scope check of a client
   * limited to some users (the owner is not in the path). Default: `recordingOwners.ownerOf`, what
   * the proxy learned from the recordings answers it forwarded or fetched.
   */
  recordingOwner?: RecordingOwnerLookup;
  /** Demo mode only: the page served at `GET /` (elsewhere `/` is a 404). */
  demoPage?: DemoPageFactory;
}

/** The owner (host) of the recording a Zoom download URL names, when known. */
export type RecordingOwnerLookup = (zoomUrl: string) => UserRef | undefined;

export interface Services extends Deps {
  recordingOwner: RecordingOwnerLookup;
  /** The owners of recording files, learned from recordings answers (`downloads.ownerCache*`). */
  recordingOwners: RecordingOwners;
  tokens: TokenProvider;
  zoom: ZoomClient;
  zaks: ZakCache;
  meetings: MeetingCache;
  signer: LinkSigner;
  links: LinkBuilder;
  /** The `/v2` passthrough's connection to Zoom; `close()` it on shutdown. */
  zoomProxy: ZoomProxy;
}

/** Wires the Zoom client, the token and ZAK caches and the link signer from the configuration. */
export function createServices(deps: Deps): Services {
  const { config, metrics, dispatcher, clock } = deps;
  const timeoutMs = config.zoom.timeoutSeconds * 1000;
  const tokens = createTokenProvider({
    oauthUrl: config.zoom.oauthUrl,
    accountId: config.zoom.accountId,
    clientId: config.zoom.clientId,
    clientSecret: config.zoom.clientSecret,
    dispatcher,
    clock,
    timeoutMs,
    onMint: (status) => metrics.upstream.inc({ kind: 'oauth', status }),
    onLookup: (result) => metrics.tokenCache.inc({ cache: 'oauth', result }),
  });
  const recordingOwners = createRecordingOwners({
    maxEntries: config.downloads.ownerCacheEntries,
    ttlSeconds: config.downloads.ownerCacheSeconds,
    clock,
    webUrl: config.zoom.webUrl,
  });
  const zoom = createZoomClient({
    apiUrl: config.zoom.apiUrl,
    tokens,
    dispatcher,
    timeoutMs,
    onCall: (kind, status) => metrics.upstream.inc({ kind, status }),
    onRecordings: (answer) => recordingOwners.learn(answer),
  });
  const zaks = createZakCache({
    mint: (user) => zoom.mintZak(user),
    clock,
    cacheSeconds: config.zak.cacheSeconds,
    minValiditySeconds: DEFAULTS.zakMinValiditySeconds,
    onLookup: (result) => metrics.tokenCache.inc({ cache: 'zak', result }),
  });
  const meetings = createMeetingCache({
    // A webinar's start_url is rewritten into a /start link too; Zoom knows it under /webinars only.
    lookUp: (id) =>
      zoom.getMeeting(id).catch((err: unknown) => {
        if (!(err instanceof ZoomApiError && err.status === 404)) throw err;
        return zoom.getWebinar(id).catch((webinarErr: unknown) => {
          throw webinarErr instanceof ZoomApiError && webinarErr.status === 404 ? err : webinarErr;
        });
      }),
    clock,
    ttlSeconds: MEETING_CACHE_SECONDS,
    onLookup: (result) => metrics.tokenCache.inc({ cache: 'meeting', result }),
  });
  const signer = createLinkSigner(config.links.secret, clock);
  const ttl = { start: config.links.startTtlSeconds, download: config.links.downloadTtlSeconds };
  // Rewriting a list signs one link per meeting and file: the same link is handed out again briefly.
  const links = createReusingLinkBuilder(createLinkBuilder(deps.publicUrl, signer, ttl), clock, {
    startSeconds: reuseSecondsFor(ttl.start),
    downloadSeconds: reuseSecondsFor(ttl.download),
  });
  const zoomProxy = createZoomProxy({ apiUrl: config.zoom.apiUrl, timeoutMs, dispatcher });
  const recordingOwner = deps.recordingOwner ?? ((zoomUrl: string) => recordingOwners.ownerOf(zoomUrl));
  return { ...deps, recordingOwner, recordingOwners, tokens, zoom, zaks, meetings, signer, links, zoomProxy };
}
