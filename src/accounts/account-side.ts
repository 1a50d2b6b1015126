import type { Dispatcher } from 'undici';
import { createScopeLookups, type ScopeLookups } from '../auth/scope-lookups.js';
import { DEFAULTS, type Config } from '../config/config.js';
import { createRecordingOwners, type RecordingOwners } from '../downloads/recording-owners.js';
import { ProxyError } from '../errors.js';
import { createHostMatcher } from '../http/host-matcher.js';
import type { AccountPools } from '../http/zoom-pools.js';
import { createLinkBuilder } from '../links/link-builder.js';
import { createLinkMemory, type LinkMemory } from '../links/link-memory.js';
import { createLinkRewriter, type LinkRewriter, type LinkRewriterOptions } from '../links/link-rewriter.js';
import type { LinkSigner } from '../links/link-signer.js';
import { createForwarder, type Forwarder } from '../passthrough/forwarder.js';
import type { Deps, RecordingOwnerLookup } from '../services.js';
import { getMeetingOrWebinar } from '../zoom/get-meeting-or-webinar.js';
import { createMeetingCache, MEETING_CACHE_SECONDS, type MeetingCache } from '../zoom/meeting-cache.js';
import { createRateLimitMemory } from '../zoom/rate-limit-memory.js';
import { createTokenProvider, type TokenProvider } from '../zoom/token-provider.js';
import { createZakCache, type ZakCache } from '../zoom/zak-cache.js';
import { createZoomClient, type ZoomClient } from '../zoom/zoom-client.js';
import type { ZoomAccount } from './zoom-accounts-of.js';
import { zoomSideKey } from './zoom-side-key.js';

/**
 * Everything that talks to Zoom for one account, and what it learned: whatever a client or a bot of
 * that account does runs on its side, so no token, ZAK, look-up or learned owner crosses accounts.
 */
export interface AccountSide {
  /** The account's settings (its name among them). */
  account: ZoomAccount;
  /**
   * Its name when the configuration lists several accounts, none for a one-object `zoom` (whose
   * metrics and links stay as they were): the `account` label of its metrics, the `acct` of its links.
   */
  label: string | undefined;
  /** The account's memory of signed links (its links name it): every link of the account handed out comes from it. */
  links: LinkMemory;
  tokens: TokenProvider;
  zoom: ZoomClient;
  zaks: ZakCache;
  meetings: MeetingCache;
  /** The owners of the account's recording files, learned from its recordings answers (`downloads.ownerCache*`). */
  recordingOwners: RecordingOwners;
  /** Whose recording a Zoom download URL is (Deps.recordingOwner, or what `recordingOwners` learned). */
  recordingOwner: RecordingOwnerLookup;
  /**
   * Who a user is and who hosts a meeting, for the scope checks of clients limited to some users
   * and the rewriter's host look-ups, cached `passthrough.scopeCacheSeconds`.
   */
  scopeLookups: ScopeLookups;
  /** Rewrites the links of the account's `/v2` answers, from `links`. */
  linkRewriter: LinkRewriter;
  /** The account's own connections to Zoom (zoom-pools.ts): no other account's calls queue in them. */
  pools: AccountPools;
  /** Sends `/v2` requests to the account's API host over its passthrough pool (`pools.api`). */
  forwarder: Forwarder;
}

/** What talks to Zoom and what it learned: kept across a reload that changes none of it (see sameZoomSide). */
export type ZoomSide = Pick<AccountSide, 'tokens' | 'zoom' | 'zaks' | 'meetings' | 'recordingOwners'>;

/**
 * Whether an account builds the same Zoom side under two configurations: the same account and app
 * (so the same access token), the same endpoints, and the same settings of the caches built with it
 * (zoomSideKey). When it does, a reload keeps its held access token, cached ZAKs and look-ups and
 * learned recording owners (no needless mint); when any differs, all of them start empty, so nothing
 * minted with the old credentials is used again.
 */
export function sameZoomSide(before: ZoomAccount, after: ZoomAccount, a: Config, b: Config): boolean {
  return before.name === after.name && zoomSideKey(before, a) === zoomSideKey(after, b);
}

/** How the services sign links, the same for every account. */
export interface LinkSettings {
  signer: LinkSigner;
  ttl: { start: number; download: number };
  reuse: NonNullable<LinkRewriterOptions['reuse']>;
}

/**
 * One account's side: its Zoom side (`kept`, when the reload may keep it, else new) and what is
 * built anew with every configuration (links, look-ups, rewriter, forwarder).
 */
export function createAccountSide(deps: Deps, account: ZoomAccount, linkSettings: LinkSettings, kept?: ZoomSide): AccountSide {
  const { config, logger, store } = deps;
  const label = labelOf(deps.config, account);
  const storeAccount = zoomSideKey(account, config);
  // Kept by name: a kept Zoom side already talks over these same pools.
  const pools = deps.pools.of(account);
  const { tokens, zoom, zaks, meetings, recordingOwners } = kept ?? createZoomSide(deps, account, label, pools.own, storeAccount);
  const { signer, ttl, reuse } = linkSettings;
  const builder = createLinkBuilder(deps.publicUrl, signer, ttl, label);
  const links = createLinkMemory(builder, reuse);
  const scopeLookups = createScopeLookups({ zoom, store, account: storeAccount, cacheSeconds: config.passthrough.scopeCacheSeconds });
  const linkRewriter = createLinkRewriter(
    {
      mode: config.links.startUrls,
      links: builder,
      reuse,
      publicUrl: deps.publicUrl,
      webUrl: account.webUrl,
      startHosts: createHostMatcher(account.startHosts),
      zakOf: (user) => zaks.get(user),
      hostOfMeeting: async (meetingId) => {
        const host = await scopeLookups.host('meeting', meetingId);
        if (host.id === undefined) throw new ProxyError('meeting_not_found');
        return host.id;
      },
      zakConcurrency: config.passthrough.zakConcurrency,
      limits: { maxLinks: config.passthrough.rewriteMaxLinks, maxOutputBytes: config.passthrough.rewriteMaxBytes },
      onFallback: (reason, err) => logger.warn({ reason, err, account: label }, 'start_url could not get a fresh ZAK or meeting id; see docs/passthrough.md'),
      onEngineUnavailable: (err) => logger.warn({ err, account: label }, 'link engine (WebAssembly) unavailable: links are rewritten in JavaScript, more slowly'),
    },
    links,
  );
  const forwarder = createForwarder({ apiUrl: account.apiUrl, timeoutMs: account.timeoutSeconds * 1000, dispatcher: pools.api });
  const recordingOwner = deps.recordingOwner ?? ((zoomUrl: string) => recordingOwners.ownerOf(zoomUrl));
  return { account, label, links, tokens, zoom, zaks, meetings, recordingOwners, recordingOwner, scopeLookups, linkRewriter, pools, forwarder };
}

function labelOf(config: Config, account: ZoomAccount): string | undefined {
  return config.accounts === undefined ? undefined : account.name;
}

function createZoomSide(deps: Deps, account: ZoomAccount, label: string | undefined, dispatcher: Dispatcher, storeAccount: string): ZoomSide {
  const { config, metrics, clock, store } = deps;
  const timeoutMs = account.timeoutSeconds * 1000;
  const tokens = createTokenProvider({
    oauthUrl: account.oauthUrl,
    accountId: account.accountId,
    clientId: account.clientId,
    clientSecret: account.clientSecret,
    dispatcher,
    clock,
    timeoutMs,
    store,
    account: storeAccount,
    onMint: (status) => metrics.upstream.inc({ kind: 'oauth', status, account: label }),
    onLookup: (result) => metrics.tokenCache.inc({ cache: 'oauth', result, account: label }),
  });
  const recordingOwners = createRecordingOwners({
    maxEntries: config.downloads.ownerCacheEntries,
    ttlSeconds: config.downloads.ownerCacheSeconds,
    store,
    account: storeAccount,
    webUrl: account.webUrl,
  });
  const rateLimits = createRateLimitMemory({
    clock,
    store,
    account: storeAccount,
    logger: deps.logger,
    label,
    onLimited: (category, type) => metrics.rateLimited.inc({ category, type, account: label }),
  });
  const zoom = createZoomClient({
    apiUrl: account.apiUrl,
    tokens,
    dispatcher,
    timeoutMs,
    onCall: (kind, status) => metrics.upstream.inc({ kind, status, account: label }),
    onRecordings: (answer) => recordingOwners.learn(answer),
    rateLimits,
  });
  const zaks = createZakCache({
    mint: (user) => zoom.mintZak(user),
    clock,
    store,
    account: storeAccount,
    cacheSeconds: config.zak.cacheSeconds,
    minValiditySeconds: DEFAULTS.zakMinValiditySeconds,
    onLookup: (result) => metrics.tokenCache.inc({ cache: 'zak', result, account: label }),
  });
  const meetings = createMeetingCache({
    lookUp: (id) => getMeetingOrWebinar(zoom, id),
    store,
    account: storeAccount,
    ttlSeconds: MEETING_CACHE_SECONDS,
    onLookup: (result) => metrics.tokenCache.inc({ cache: 'meeting', result, account: label }),
  });
  return { tokens, zoom, zaks, meetings, recordingOwners };
}
