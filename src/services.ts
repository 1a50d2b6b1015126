import { ProxyError } from './errors.js';
import type { UserRef } from './auth/client-scope.js';
import { createScopeLookups, type ScopeLookups } from './auth/scope-lookups.js';
import type { Clock } from './clock.js';
import { DEFAULTS, type Config } from './config/config.js';
import type { DemoPageFactory } from './demo/demo-page.js';
import { createRecordingOwners, type RecordingOwners } from './downloads/recording-owners.js';
import type { UnderWay } from './http/concurrency-limit.js';
import { createForwarder, type Forwarder } from './passthrough/forwarder.js';
import type { ZoomPools } from './http/zoom-pools.js';
import { createHostMatcher } from './http/host-matcher.js';
import { createLinkBuilder } from './links/link-builder.js';
import { createLinkMemory, reuseSecondsFor, type LinkMemory } from './links/link-memory.js';
import { createLinkRewriter, type LinkRewriter } from './links/link-rewriter.js';
import { createLinkSigner, type LinkSigner } from './links/link-signer.js';
import type { Logger } from './logging/create-logger.js';
import type { Metrics } from './metrics/create-metrics.js';
import { createTokenProvider, type TokenProvider } from './zoom/token-provider.js';
import { createMeetingCache, MEETING_CACHE_SECONDS, type MeetingCache } from './zoom/meeting-cache.js';
import { createZakCache, type ZakCache } from './zoom/zak-cache.js';
import { getMeetingOrWebinar } from './zoom/get-meeting-or-webinar.js';
import { createZoomClient, type ZoomClient } from './zoom/zoom-client.js';

/** What the app is built from: everything that touches time, the network or output is passed in. */
export interface Deps {
  config: Config;
  /** The base of every link handed out (config.publicUrl, or the default once the port is bound). */
  publicUrl: string;
  logger: Logger;
  metrics: Metrics;
  /** The connections to Zoom: one pool for the proxy's own calls, one for `/v2`, one for downloads (zoom-pools.ts). */
  pools: ZoomPools;
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
  /** The one memory of signed links: every link handed out (a `/start` JSON answer, the demo page, `/v2` answers) comes from it. */
  links: LinkMemory;
  /** Rewrites the links of `/v2` answers, from `links`. */
  linkRewriter: LinkRewriter;
  /** Sends `/v2` requests to Zoom over the passthrough's pool (`pools.api`). */
  forwarder: Forwarder;
  /**
   * Who a user is and who hosts a meeting, for the scope checks of clients limited to some users
   * (the passthrough's and the drop-in download's) and the rewriter's host look-ups, cached
   * `passthrough.scopeCacheSeconds`.
   */
  scopeLookups: ScopeLookups;
  /** Requests under way per client and per link, for the per-client limits: kept across a reload. */
  underWay: { passthrough: UnderWay; downloadLinks: UnderWay; downloadClients: UnderWay };
}

/** What talks to Zoom and what it learned: kept across a reload that changes none of it (see sameZoomSide). */
type ZoomSide = Pick<Services, 'tokens' | 'zoom' | 'zaks' | 'meetings' | 'recordingOwners'>;

/**
 * Whether two configurations build the same Zoom side: the same account and app (so the same access
 * token), the same endpoints, and the same settings of the caches built with it. When they do, a reload
 * keeps the held access token, the cached ZAKs and meetings and the learned recording owners (no
 * needless mint); when any differs, all of them start empty, so nothing minted with the old
 * credentials is used again.
 */
export function sameZoomSide(a: Config, b: Config): boolean {
  return (
    a.zoom.accountId === b.zoom.accountId &&
    a.zoom.clientId === b.zoom.clientId &&
    a.zoom.clientSecret === b.zoom.clientSecret &&
    a.zoom.oauthUrl === b.zoom.oauthUrl &&
    a.zoom.apiUrl === b.zoom.apiUrl &&
    a.zoom.webUrl === b.zoom.webUrl &&
    a.zoom.timeoutSeconds === b.zoom.timeoutSeconds &&
    a.zak.cacheSeconds === b.zak.cacheSeconds &&
    a.downloads.ownerCacheEntries === b.downloads.ownerCacheEntries &&
    a.downloads.ownerCacheSeconds === b.downloads.ownerCacheSeconds
  );
}

/**
 * Wires the Zoom client, the token and ZAK caches and the link signer from the configuration. Built
 * once per configuration: a reload builds new services, and takes the Zoom side of `previous` along
 * when sameZoomSide says it may. Everything else (link signer, link caches, client keys, routes) is
 * built anew, so no link signed or remembered under the old configuration is handed out again.
 */
export function createServices(deps: Deps, previous?: Services): Services {
  const { config, clock } = deps;
  const side = previous !== undefined && sameZoomSide(previous.config, config) ? previous : createZoomSide(deps);
  const { tokens, zoom, zaks, meetings, recordingOwners } = side;
  const signer = createLinkSigner(config.links.secret, clock, config.links.previousSecrets);
  const ttl = { start: config.links.startTtlSeconds, download: config.links.downloadTtlSeconds };
  // Rewriting a list signs one link per meeting and file: the same link is handed out again briefly.
  const reuse = { clock, startMs: reuseSecondsFor(ttl.start) * 1000, downloadMs: reuseSecondsFor(ttl.download) * 1000 };
  const builder = createLinkBuilder(deps.publicUrl, signer, ttl);
  const links = createLinkMemory(builder, reuse);
  const scopeLookups = createScopeLookups({ zoom, clock, cacheSeconds: config.passthrough.scopeCacheSeconds });
  const { logger } = deps;
  const linkRewriter = createLinkRewriter(
    {
      mode: config.links.startUrls,
      links: builder,
      reuse,
      publicUrl: deps.publicUrl,
      webUrl: config.zoom.webUrl,
      startHosts: createHostMatcher(config.zoom.startHosts),
      zakOf: (user) => zaks.get(user),
      hostOfMeeting: async (meetingId) => {
        const host = await scopeLookups.host('meeting', meetingId);
        if (host.id === undefined) throw new ProxyError('meeting_not_found');
        return host.id;
      },
      zakConcurrency: config.passthrough.zakConcurrency,
      limits: { maxLinks: config.passthrough.rewriteMaxLinks, maxOutputBytes: config.passthrough.rewriteMaxBytes },
      onFallback: (reason, err) => logger.warn({ reason, err }, 'start_url could not get a fresh ZAK or meeting id; see docs/passthrough.md'),
      onEngineUnavailable: (err) => logger.warn({ err }, 'link engine (WebAssembly) unavailable: links are rewritten in JavaScript, more slowly'),
    },
    links,
  );
  const forwarder = createForwarder({ apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutSeconds * 1000, dispatcher: deps.pools.api });
  const recordingOwner = deps.recordingOwner ?? ((zoomUrl: string) => recordingOwners.ownerOf(zoomUrl));
  const underWay = previous?.underWay ?? { passthrough: new Map(), downloadLinks: new Map(), downloadClients: new Map() };
  return { ...deps, recordingOwner, recordingOwners, tokens, zoom, zaks, meetings, signer, links, linkRewriter, forwarder, scopeLookups, underWay };
}

function createZoomSide(deps: Deps): ZoomSide {
  const { config, metrics, pools, clock } = deps;
  const timeoutMs = config.zoom.timeoutSeconds * 1000;
  const tokens = createTokenProvider({
    oauthUrl: config.zoom.oauthUrl,
    accountId: config.zoom.accountId,
    clientId: config.zoom.clientId,
    clientSecret: config.zoom.clientSecret,
    dispatcher: pools.own,
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
    dispatcher: pools.own,
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
    lookUp: (id) => getMeetingOrWebinar(zoom, id),
    clock,
    ttlSeconds: MEETING_CACHE_SECONDS,
    onLookup: (result) => metrics.tokenCache.inc({ cache: 'meeting', result }),
  });
  return { tokens, zoom, zaks, meetings, recordingOwners };
}
