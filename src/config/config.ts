/**
 * The proxy's configuration once loaded and validated: every default applied, every `env:NAME`
 * reference resolved. docs/contract.md names the keys; the README's configuration table documents each one.
 */

export type StartUrlMode = 'proxy' | 'fresh-zak';

export interface ClientConfig {
  /** A name for logs and metrics; never a secret. */
  name: string;
  /**
   * Every Bearer key that authenticates the app (secrets): `key` in the file, or `keys` while a key is
   * being changed (the old and the new one both work until the old one is removed). Never empty.
   */
  keys: string[];
  /** `["*"]` for every user, or the Zoom user ids and emails whose meetings and ZAKs it may touch. */
  users: string[];
  /** The Zoom account whose credential serves it; absent: the first (the only one when `zoom` is one object). */
  account?: string;
}

export interface BotConfig {
  name: string;
  /** The token the bot sends as Bearer or `?token=`. A secret. */
  token: string;
  /** The Zoom user (id or email) whose ZAK and OBF tokens the bot gets. */
  user: string;
  /** The Zoom account whose credential serves it; absent: the first (the only one when `zoom` is one object). */
  account?: string;
}

/** Recording downloads (signed download links and the drop-in `/rec/download/*`, `/rec/archive/*`). */
export interface DownloadsConfig {
  /**
   * Seconds Zoom may stay silent, waiting for its answer's headers or between two pieces of the body,
   * before the proxy gives up on that connection (and resumes, mid-body). An idle timeout, never a
   * total duration: a 4-hour recording streams as long as bytes keep coming. The same limit applies
   * to a client that stops reading.
   */
  idleTimeoutSeconds: number;
  /** Redirects followed for one file (Zoom needs one, to its CDN); one more is refused. */
  maxRedirects: number;
  /** Times one response may be resumed with `Range` after Zoom's side broke mid-body. 0: never. */
  maxResumes: number;
  /**
   * Recording files whose owner (the recording's `host_id`) is remembered from the recordings
   * answers passed through `/v2`, for the drop-in download's scope check of a client limited to
   * some users; the least recently learned or used is dropped first. 0: nothing is learned, and such
   * clients cannot use the drop-in.
   */
  ownerCacheEntries: number;
  /** How long a file's owner, once learned, is trusted; listing the file again renews it. */
  ownerCacheSeconds: number;
  /**
   * Connections to each download host (Zoom's web host, its file hosts), in a pool of their own:
   * file traffic never holds a connection that a start link, a bot token or an API call needs.
   */
  connections: number;
  /** Downloads one client key (drop-in `/rec/...`) may have under way at once; one more is answered `429`. */
  maxConcurrentPerClient: number;
  /** Downloads of one signed link that may be under way at once; one more is answered `429`. */
  maxConcurrentPerLink: number;
}

export interface PassthroughConfig {
  /**
   * The largest JSON answer (as received, and once decompressed) that is held in memory to have its
   * `start_url`s and `download_url`s rewritten; a larger one streams through untouched, and is logged.
   */
  rewriteMaxBytes: number;
  /**
   * The most `start_url` and `download_url` keys rewritten in one answer; an answer with more passes
   * through untouched, and is logged. Zoom's pages hold at most 300 meetings, a recording tens of files.
   */
  rewriteMaxLinks: number;
  /**
   * The largest request body held in memory so that the request can be sent again after Zoom refuses
   * the access token (401 code 124); a request with a larger body is sent once, streamed. 0: only
   * requests without a body are retried.
   */
  replayMaxBytes: number;
  /**
   * The largest request body forwarded to Zoom: a larger declared `Content-Length` is refused with
   * `413` before anything is sent; a chunked body that grows past it is cut off (Zoom never gets a
   * complete request) and answered `413` if Zoom has not answered yet. Bodies are streamed, never held.
   */
  requestMaxBytes: number;
  /**
   * How long the look-ups behind a restricted client's scope check (a user's id and email, a
   * meeting's host) are reused. 0: not reused (concurrent look-ups are still shared).
   */
  scopeCacheSeconds: number;
  /** In mode `fresh-zak`, how many hosts' ZAKs one answer may be minting at once. */
  zakConcurrency: number;
  /** Connections to Zoom's API host for `/v2` requests, in a pool of their own (the proxy's own calls have theirs). */
  connections: number;
  /** `/v2` requests one client key may have under way at once; one more is answered `429` with `Retry-After`. */
  maxConcurrentPerClient: number;
  /**
   * The slowest a streamed request body may arrive, in bytes per second, measured over every window
   * of `zoom.timeoutSeconds`: a slower upload is cut off with `408` (Zoom's request aborted), so a
   * trickle cannot hold a connection to Zoom. 0: only the idle watch (no byte for a whole window).
   */
  uploadMinBytesPerSecond: number;
  /**
   * Which of Zoom's origin-bound answer fields (`set-cookie`, `strict-transport-security`) still
   * reach the client. They are dropped by default: the client sees them on the proxy's origin, where
   * Zoom's cookies and Zoom's HSTS policy do not belong.
   */
  keepResponseHeaders: readonly string[];
}

/** One Zoom account: its Server-to-Server OAuth app and Zoom's hosts for it. */
export interface ZoomConfig {
  accountId: string;
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  apiUrl: string;
  webUrl: string;
  /** Host names (a leading `*.` matches subdomains) that downloads and their redirects may reach. */
  downloadHosts: string[];
  /**
   * Host names (a leading `*.` matches subdomains; ports not compared) that a start redirect may go
   * to with a fresh ZAK. A stored `start_url` on any other host is never given a ZAK: `/start` then
   * redirects to `{webUrl}/s/{meetingId}`, and mode `fresh-zak` leaves it as Zoom wrote it (logged).
   * Default: `webUrl`'s host and DEFAULTS.zoom.startHosts.
   */
  startHosts: string[];
  /**
   * Time allowed for one Zoom API or OAuth call (headers and body), time spent waiting for a free
   * connection included; for `/v2` and downloads, the wait for the answer's head.
   */
  timeoutSeconds: number;
  /**
   * Connections to each Zoom host for the proxy's own calls (OAuth, look-ups, ZAK and OBF mints),
   * in a pool of their own: start links and bot tokens never wait behind API or file traffic.
   */
  connections: number;
  /**
   * The Secret Token of the account's Zoom app (its event subscription): it signs the events Zoom
   * sends to `POST /webhooks/zoom[/{account}]`. Absent: that route answers 404. A secret.
   */
  webhookSecretToken?: string;
}

/** One account of `zoom` written as a list: its settings and its unique name (docs/accounts.md). */
export interface ZoomAccount extends ZoomConfig {
  name: string;
}

/** An internal app that receives Zoom's events (docs/webhooks.md). */
export interface WebhookSubscriber {
  /** A name for logs and metrics; never a secret. Unique. */
  name: string;
  /** Where events are POSTed (http or https). */
  url: string;
  /** The Standard Webhooks secret, `whsec_` + base64 of 24 to 64 bytes, that signs each delivery. A secret. */
  secret: string;
  /** `["*"]` for every event, or the event names it wants (`recording.completed`, ...). */
  events: string[];
  /** The accounts whose events it gets (their names); absent: every account's. */
  accounts?: string[];
}

/** Zoom's events relayed to internal apps (docs/webhooks.md). */
export interface WebhooksConfig {
  subscribers: WebhookSubscriber[];
  /**
   * How far `x-zm-request-timestamp` may be from now, either way. Zoom's retries may keep the first
   * attempt's timestamp, so it spans Zoom's retries; replays inside it are caught by de-duplication.
   */
  toleranceSeconds: number;
  /** How long one delivery to one subscriber may take (a 2xx within it counts as delivered). */
  deliveryTimeoutSeconds: number;
  /** With the `redis` store: how long a failing delivery is retried before it becomes a dead letter. */
  retryForSeconds: number;
}

/** Where state is kept (src/store/, docs/replicas.md). Read at start only: a change needs a restart. */
export interface StoreConfig {
  /** `memory`: in the process, one replica; `redis`: shared by every replica naming the same Redis. */
  type: 'memory' | 'redis';
  /** With `redis`: `redis://` or `rediss://` (TLS), user and password included (it may hold a secret). */
  url?: string;
  /** The prefix of every key and channel the proxy uses in Redis, so several proxies can share one. */
  keyPrefix: string;
}

export interface Config {
  listen: {
    host: string;
    port: number;
    /**
     * The largest request head (request line and header fields) a client may send; a larger one gets
     * `431` before any route runs. Node's own default, named here so it can be changed.
     */
    maxHeaderBytes: number;
  };
  /**
   * The base URL written into links, without a trailing slash. Undefined means the default,
   * `http://{listen.host}:{bound port}`, known only once the socket is bound.
   */
  publicUrl: string | undefined;
  /**
   * The Zoom account when `zoom` is written as one object; with a list, the first account's settings
   * (src/accounts/zoom-accounts-of.ts gives the list the services are built from).
   */
  zoom: ZoomConfig;
  /** With `zoom` written as a list: every account, named, in the order written. Absent: `zoom` is the one account. */
  accounts?: ZoomAccount[];
  links: {
    /** The key that signs every link handed out. A secret. */
    secret: string;
    /**
     * Earlier `secret` values that still verify links handed out before a rotation, never used to
     * sign (secrets). One can go once the longest link TTL has passed since the rotation.
     */
    previousSecrets: string[];
    startTtlSeconds: number;
    downloadTtlSeconds: number;
    startUrls: StartUrlMode;
  };
  zak: { cacheSeconds: number };
  downloads: DownloadsConfig;
  /** The `ANY /v2/*` passthrough (docs/passthrough.md). */
  passthrough: PassthroughConfig;
  clients: ClientConfig[];
  bots: BotConfig[];
  webhooks: WebhooksConfig;
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  shutdownGraceSeconds: number;
  /** Where state is kept; parsing always sets it, a Config written by hand may leave it out (memory). */
  store?: StoreConfig;
}

/** Every default in one place. */
export const DEFAULTS = {
  listen: { host: '127.0.0.1', port: 8080, maxHeaderBytes: 16 * 1024 },
  zoom: {
    oauthUrl: 'https://zoom.us/oauth/token',
    apiUrl: 'https://api.zoom.us/v2',
    webUrl: 'https://zoom.us',
    downloadHosts: ['zoom.us', '*.zoom.us', 'zoomgov.com', '*.zoomgov.com'],
    /** Zoom's web hosts (regional `usNNweb.zoom.us` and vanity subdomains included); `webUrl`'s host is added. */
    startHosts: ['zoom.us', '*.zoom.us', 'zoomgov.com', '*.zoomgov.com'],
    timeoutSeconds: 10,
    connections: 32,
  },
  links: { startTtlSeconds: 86_400, downloadTtlSeconds: 21_600, startUrls: 'proxy' as StartUrlMode },
  zak: { cacheSeconds: 300 },
  downloads: {
    idleTimeoutSeconds: 30,
    maxRedirects: 5,
    maxResumes: 3,
    ownerCacheEntries: 20_000,
    ownerCacheSeconds: 86_400,
    // A quarter of the pool per client key and per link (a link is handed out again for up to a minute, so several people may share one).
    connections: 128,
    maxConcurrentPerClient: 32,
    maxConcurrentPerLink: 32,
  },
  passthrough: {
    rewriteMaxBytes: 8 * 1024 * 1024,
    rewriteMaxLinks: 10_000,
    replayMaxBytes: 1024 * 1024,
    requestMaxBytes: 32 * 1024 * 1024,
    scopeCacheSeconds: 60,
    zakConcurrency: 8,
    // Half the pool per client key: two busy apps fill it, one cannot. (A quarter, 32, turned a bulk
    // job of 50 concurrent requests, the bench's load, into a stream of 429s.)
    connections: 128,
    maxConcurrentPerClient: 64,
    uploadMinBytesPerSecond: 1024,
    keepResponseHeaders: [],
  },
  webhooks: { toleranceSeconds: 5400, deliveryTimeoutSeconds: 10, retryForSeconds: 86_400 },
  /** Seconds a client is told to wait (`Retry-After`) when it has too many requests under way. */
  busyRetryAfterSeconds: 1,
  log: { level: 'info' as const },
  shutdownGraceSeconds: 30,
  store: { type: 'memory' as 'memory' | 'redis', keyPrefix: 'zlp:' },
  /** A ZAK handed out must have at least this much validity left (Recall.ai asks for 120 s). */
  zakMinValiditySeconds: 120,
  /** The shortest `links.secret` accepted. */
  linkSecretMinLength: 32,
} as const;

/** `webhooks` when the configuration has none: no subscribers, every other key its default. */
export function defaultWebhooks(): WebhooksConfig {
  return { subscribers: [], ...DEFAULTS.webhooks };
}

/** `zoom.startHosts` when it is not set: `webUrl`'s host (lowercased) and DEFAULTS.zoom.startHosts. */
export function defaultStartHosts(webUrl: string): string[] {
  const own = new URL(webUrl).hostname.toLowerCase();
  const rest: string[] = [...DEFAULTS.zoom.startHosts];
  return rest.includes(own) ? rest : [own, ...rest];
}
