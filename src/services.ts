import { createAccountSide, sameZoomSide, type AccountSide } from './accounts/account-side.js';
import { zoomAccountsOf } from './accounts/zoom-accounts-of.js';
import type { UserRef } from './auth/client-scope.js';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { DemoPageFactory } from './demo/demo-page.js';
import type { UnderWay } from './http/concurrency-limit.js';
import type { ZoomPools } from './http/zoom-pools.js';
import { reuseSecondsFor } from './links/link-memory.js';
import { createLinkSigner, type LinkSigner } from './links/link-signer.js';
import type { Logger } from './logging/create-logger.js';
import type { Metrics } from './metrics/create-metrics.js';
import type { Store } from './store/store.js';
import { createDownloadTokens, type DownloadTokens } from './webhooks/download-tokens.js';
import { createEventFiles, type EventFiles } from './webhooks/event-files.js';

/** What the app is built from: everything that touches time, the network or output is passed in. */
export interface Deps {
  config: Config;
  /** The base of every link handed out (config.publicUrl, or the default once the port is bound). */
  publicUrl: string;
  logger: Logger;
  metrics: Metrics;
  /** The connections to Zoom, per account: one pool for the proxy's own calls, one for `/v2`, one for downloads (zoom-pools.ts). */
  pools: ZoomPools;
  clock: Clock;
  /**
   * Where every account's state lives (tokens, ZAKs, look-ups, learned owners): built once, it
   * outlives reloads, and replicas on one Redis share it (store/store.ts).
   */
  store: Store;
  /**
   * Whose recording a Zoom download URL is, for the drop-in download's scope check of a client
   * limited to some users (the owner is not in the path). Default: the account's
   * `recordingOwners.ownerOf`, what the proxy learned from the recordings answers it forwarded or fetched.
   */
  recordingOwner?: RecordingOwnerLookup;
  /** Demo mode only: the page served at `GET /` (elsewhere `/` is a 404). */
  demoPage?: DemoPageFactory;
}

/** The owner (host) of the recording a Zoom download URL names, when known (learned on any replica). */
export type RecordingOwnerLookup = (zoomUrl: string) => Promise<UserRef | undefined>;

export interface Services extends Deps {
  /** The Zoom side of each account, by name, in the order the configuration lists them. */
  accounts: ReadonlyMap<string, AccountSide>;
  /**
   * The side of the account a client or a bot belongs to; without a name, the configuration's first
   * account (its only one when `zoom` is one object).
   */
  sideOf(account?: string): AccountSide;
  /**
   * The side a signed link's `acct` names: with several accounts it must name one; with one, a link
   * names none (links written before accounts had names keep working). Undefined: the link is invalid.
   */
  sideOfLink(acct: string | undefined): AccountSide | undefined;
  signer: LinkSigner;
  /** The `download_token`s of relayed events, per file: the webhook route keeps them, the download route uses them. */
  downloadTokens: DownloadTokens;
  /** Where each file of a relayed event lives in the API, for the download route once its token is gone. */
  eventFiles: EventFiles;
  /** Requests under way per client and per link, for the per-client limits: kept across a reload. */
  underWay: { passthrough: UnderWay; downloadLinks: UnderWay; downloadClients: UnderWay };
}

/**
 * Wires each account's Zoom side (accounts/account-side.ts) and the link signer from the
 * configuration. Built once per configuration: a reload builds new services, and takes an account's
 * Zoom side of `previous` along when sameZoomSide says it may (its state stays in `deps.store`,
 * which every configuration shares). Everything else (link signer, link caches, client keys, routes)
 * is built anew, so no link signed or remembered under the old configuration is handed out again.
 */
export function createServices(deps: Deps, previous?: Services): Services {
  const { config, clock } = deps;
  const signer = createLinkSigner(config.links.secret, clock, config.links.previousSecrets);
  const ttl = { start: config.links.startTtlSeconds, download: config.links.downloadTtlSeconds };
  // Rewriting a list signs one link per meeting and file: the same link is handed out again briefly.
  const reuse = { clock, startMs: reuseSecondsFor(ttl.start) * 1000, downloadMs: reuseSecondsFor(ttl.download) * 1000 };
  const accounts = new Map<string, AccountSide>();
  for (const account of zoomAccountsOf(config)) {
    const before = previous?.accounts.get(account.name);
    const kept = before !== undefined && previous !== undefined && sameZoomSide(before.account, account, previous.config, config) ? before : undefined;
    accounts.set(account.name, createAccountSide(deps, account, { signer, ttl, reuse }, kept));
  }
  const [first] = accounts.values();
  if (first === undefined) throw new Error('a configuration has at least one Zoom account');
  const sideOf = (account?: string): AccountSide => {
    const side = account === undefined ? first : accounts.get(account);
    if (side === undefined) throw new Error(`no Zoom account is named ${JSON.stringify(account)}`);
    return side;
  };
  const sideOfLink = (acct: string | undefined): AccountSide | undefined => {
    if (config.accounts === undefined) return acct === undefined ? first : undefined;
    return acct === undefined ? undefined : accounts.get(acct);
  };
  const underWay = previous?.underWay ?? { passthrough: new Map(), downloadLinks: new Map(), downloadClients: new Map() };
  // Their state is in the store: built anew with each configuration, they read what the last one kept.
  const downloadTokens = createDownloadTokens(deps.store, clock);
  const eventFiles = createEventFiles(deps.store);
  return { ...deps, accounts, sideOf, sideOfLink, signer, downloadTokens, eventFiles, underWay };
}
