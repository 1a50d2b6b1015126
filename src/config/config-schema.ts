import { z } from 'zod';
import { ORIGIN_BOUND } from '../http/hop-headers.js';
import { isUnspecifiedAddress } from './address-kinds.js';
import { DEFAULT_ACCOUNT } from '../accounts/zoom-accounts-of.js';
import { DEFAULTS, defaultStartHosts, type BotConfig, type Config, type ZoomConfig } from './config.js';
import {
  MAX_TIMER_SECONDS,
  accountName,
  clientUsers,
  downloadHost,
  httpUrl,
  linkSecret,
  listenHost,
  nonBlankString,
  portNumber,
  redisUrl,
  rule,
  seconds,
  credentialString,
  eventNames,
  webhookSecret,
  wholeNumber,
  zoomUser,
} from './config-rules.js';

/**
 * The configuration file's schema (docs/contract.md, "Configuration"). Every object is strict, so an
 * unknown key, usually a typo, fails the start instead of being ignored. Parsing applies every
 * default from DEFAULTS and produces the resolved `Config`; `env:` references must already be
 * resolved (see resolveEnvRefs).
 */

/** A client key or bot token: a secret, so long enough not to be guessed. */
export const KEY_MIN_LENGTH = 16;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const OBJECT = rule('must be an object');

/** A section that may be left out: absent is `{}`, so each of its keys gets its default or is `required`. */
function section<T extends z.ZodType>(schema: T): z.ZodPreprocess<T> {
  return z.preprocess((value) => (value === undefined ? {} : value), schema);
}

const listenSchema = z.strictObject(
  {
    /** The interface to listen on. */
    host: listenHost().default(DEFAULTS.listen.host),
    /** The TCP port; 0 picks a free one. `PORT` in the environment overrides it. */
    port: portNumber().default(DEFAULTS.listen.port),
    /** The largest request head a client may send (431 beyond it). */
    maxHeaderBytes: wholeNumber('must be a whole number of bytes from 1024 to 1048576', { min: 1024, max: 1024 * 1024 }).default(
      DEFAULTS.listen.maxHeaderBytes,
    ),
  },
  OBJECT,
);

const HOSTS_SENTENCE = 'must be a non-empty list of host names';
/** A pool this large is far beyond what one process serves; a typo of one more digit is refused. */
const MAX_CONNECTIONS = 4096;
const CONNECTIONS_SENTENCE = `must be a whole number of connections from 1 to ${MAX_CONNECTIONS}`;
const MAX_CONCURRENT = 100_000;
const CONCURRENT_SENTENCE = `must be a whole number of requests from 1 to ${MAX_CONCURRENT}`;

const zoomSchema = z.strictObject(
  {
    /** The Server-to-Server OAuth app's account id. */
    accountId: nonBlankString(),
    /** The app's client id. */
    clientId: nonBlankString(),
    /** The app's client secret. A secret. */
    clientSecret: nonBlankString(),
    /** The token endpoint, used as written. */
    oauthUrl: httpUrl({ stripTrailingSlash: false }).default(DEFAULTS.zoom.oauthUrl),
    /** The REST API base, e.g. `https://api.zoom.us/v2`. */
    apiUrl: httpUrl({ stripTrailingSlash: true }).default(DEFAULTS.zoom.apiUrl),
    /** The web base for start links built from scratch, `{webUrl}/s/{meetingId}`. */
    webUrl: httpUrl({ stripTrailingSlash: true }).default(DEFAULTS.zoom.webUrl),
    /** Hosts that downloads and their redirects may reach; `*.` matches subdomains. */
    downloadHosts: z
      .array(downloadHost(), rule(HOSTS_SENTENCE))
      .min(1, HOSTS_SENTENCE)
      .default(() => [...DEFAULTS.zoom.downloadHosts]),
    /** Hosts a start redirect may go to with a fresh ZAK; absent: webUrl's host and Zoom's web hosts. */
    startHosts: z
      .array(downloadHost(), rule(HOSTS_SENTENCE))
      .min(1, HOSTS_SENTENCE)
      .optional(),
    /** Time allowed for one Zoom API or OAuth call. */
    timeoutSeconds: seconds(`must be a number of seconds greater than 0 and at most ${MAX_TIMER_SECONDS}`, {
      integer: false,
      positive: true,
      max: MAX_TIMER_SECONDS,
    }).default(DEFAULTS.zoom.timeoutSeconds),
    /** Connections per Zoom host for the proxy's own calls (OAuth, look-ups, ZAK and OBF mints). */
    connections: wholeNumber(CONNECTIONS_SENTENCE, { min: 1, max: MAX_CONNECTIONS }).default(DEFAULTS.zoom.connections),
    /** The Secret Token of the account's Zoom app (event subscriptions); absent: its webhook route answers 404. A secret. */
    webhookSecretToken: nonBlankString().optional(),
  },
  OBJECT,
);

/** One account of `zoom` written as a list: the same keys, and its name. */
const namedZoomSchema = zoomSchema.extend({ name: accountName() });

const ACCOUNTS_SENTENCE = 'must be one account object or a non-empty list of accounts, each with a "name"';
const accountListSchema = z.array(namedZoomSchema, rule(ACCOUNTS_SENTENCE)).min(1, ACCOUNTS_SENTENCE);

/**
 * `zoom`: one account (an object; absent is `{}`, so its required keys say so) or a list of named
 * accounts (docs/accounts.md). Each form is parsed by its own schema, so a mistake is reported in the
 * words of the form written, under its own key path.
 */
const zoomSection = z.unknown().transform((value, ctx) => {
  const parsed = Array.isArray(value)
    ? accountListSchema.safeParse(value, { reportInput: false })
    : zoomSchema.safeParse(value ?? {}, { reportInput: false });
  if (parsed.success) return parsed.data;
  // Not `continue`: the rules across sections never see a `zoom` that did not parse.
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, continue: false });
  return z.NEVER;
});

/** Ten years: a link's `exp` (epoch seconds) must stay within the 12 digits the signer reads. */
const TTL_MAX_SECONDS = 10 * 365 * 86_400;
const TTL_SENTENCE = 'must be a whole number of seconds from 1 to 315360000 (ten years)';
const START_URLS = ['proxy', 'fresh-zak'] as const;

const linksSchema = z.strictObject(
  {
    /** The key that signs links. A secret. */
    secret: linkSecret(DEFAULTS.linkSecretMinLength),
    /** Earlier secrets that still verify links handed out before a rotation; never sign. Secrets. */
    previousSecrets: z
      .array(linkSecret(DEFAULTS.linkSecretMinLength), rule('must be a list of earlier links.secret values'))
      .default(() => []),
    startTtlSeconds: seconds(TTL_SENTENCE, { integer: true, positive: true, max: TTL_MAX_SECONDS }).default(DEFAULTS.links.startTtlSeconds),
    downloadTtlSeconds: seconds(TTL_SENTENCE, { integer: true, positive: true, max: TTL_MAX_SECONDS }).default(DEFAULTS.links.downloadTtlSeconds),
    /** How `start_url`s in API answers are rewritten. */
    startUrls: z.enum(START_URLS, rule('must be "proxy" or "fresh-zak"')).default(DEFAULTS.links.startUrls),
  },
  OBJECT,
);

const zakSchema = z.strictObject(
  {
    /** How long a fetched ZAK may be reused (never with less than 120 s of validity left). */
    cacheSeconds: seconds('must be a whole number of seconds, 0 or more', { integer: true, positive: false }).default(
      DEFAULTS.zak.cacheSeconds,
    ),
  },
  OBJECT,
);

/** The owner cache (lru-cache) allocates its index up front, some 50 bytes per entry: a million is 50 MB before any file is known. */
const MAX_OWNER_ENTRIES = 1_000_000;

const downloadsSchema = z.strictObject(
  {
    /** Seconds without a byte from Zoom (headers or body), or without the client reading, before giving up. */
    idleTimeoutSeconds: seconds(`must be a number of seconds greater than 0 and at most ${MAX_TIMER_SECONDS}`, {
      integer: false,
      positive: true,
      max: MAX_TIMER_SECONDS,
    }).default(DEFAULTS.downloads.idleTimeoutSeconds),
    /** Redirects followed for one file; each must stay within zoom.downloadHosts. */
    maxRedirects: wholeNumber('must be a whole number from 1 to 20', { min: 1, max: 20 }).default(DEFAULTS.downloads.maxRedirects),
    /** Resumes with Range after Zoom's side broke mid-body, per response. */
    maxResumes: wholeNumber('must be a whole number from 0 to 100', { min: 0, max: 100 }).default(DEFAULTS.downloads.maxResumes),
    /** Recording files whose owner is remembered for the drop-in's scope check; 0: none. */
    ownerCacheEntries: wholeNumber(`must be a whole number from 0 to ${MAX_OWNER_ENTRIES}`, { min: 0, max: MAX_OWNER_ENTRIES }).default(
      DEFAULTS.downloads.ownerCacheEntries,
    ),
    /** How long a learned owner is trusted. */
    ownerCacheSeconds: seconds(`must be a whole number of seconds greater than 0 and at most ${MAX_TIMER_SECONDS}`, {
      integer: true,
      positive: true,
      max: MAX_TIMER_SECONDS,
    }).default(DEFAULTS.downloads.ownerCacheSeconds),
    /** Connections per download host, a pool of their own. */
    connections: wholeNumber(CONNECTIONS_SENTENCE, { min: 1, max: MAX_CONNECTIONS }).default(DEFAULTS.downloads.connections),
    /** Drop-in downloads one client key may have under way (429 beyond). */
    maxConcurrentPerClient: wholeNumber(CONCURRENT_SENTENCE, { min: 1, max: MAX_CONCURRENT }).default(DEFAULTS.downloads.maxConcurrentPerClient),
    /** Downloads of one signed link under way at once (429 beyond). */
    maxConcurrentPerLink: wholeNumber(CONCURRENT_SENTENCE, { min: 1, max: MAX_CONCURRENT }).default(DEFAULTS.downloads.maxConcurrentPerLink),
  },
  OBJECT,
);

const GIB = 1024 * 1024 * 1024;

const KEEP_HEADERS_SENTENCE = `must be a list of header names among ${ORIGIN_BOUND.map((n) => `"${n}"`).join(', ')}`;

/** One of ORIGIN_BOUND, in any case; stored lowercased. Every other field of Zoom's passes already. */
function originBoundHeader(): z.ZodType<string> {
  const sentence = `must be ${ORIGIN_BOUND.map((n) => `"${n}"`).join(' or ')} (the only fields of Zoom's answer the proxy drops besides hop-by-hop ones)`;
  return z
    .string(rule(sentence))
    .refine((s) => ORIGIN_BOUND.includes(s.toLowerCase()), sentence)
    .transform((s) => s.toLowerCase());
}

const passthroughSchema = z.strictObject(
  {
    /** The largest JSON answer rewritten; larger ones stream through untouched. */
    rewriteMaxBytes: wholeNumber(`must be a whole number of bytes from 1 to ${GIB}`, { min: 1, max: GIB }).default(
      DEFAULTS.passthrough.rewriteMaxBytes,
    ),
    /** The most start_url and download_url keys rewritten in one answer; more stream through untouched. */
    rewriteMaxLinks: wholeNumber('must be a whole number from 1 to 1000000', { min: 1, max: 1_000_000 }).default(DEFAULTS.passthrough.rewriteMaxLinks),
    /** The largest request body kept so the request can be resent after a 401 code 124. */
    replayMaxBytes: wholeNumber(`must be a whole number of bytes from 0 to ${GIB}`, { min: 0, max: GIB }).default(
      DEFAULTS.passthrough.replayMaxBytes,
    ),
    /** The largest request body forwarded to Zoom (413 beyond it). */
    requestMaxBytes: wholeNumber(`must be a whole number of bytes from 1 to ${GIB}`, { min: 1, max: GIB }).default(
      DEFAULTS.passthrough.requestMaxBytes,
    ),
    /** How long scope look-ups (user id/email, meeting host) are reused. */
    scopeCacheSeconds: seconds('must be a whole number of seconds, 0 or more', { integer: true, positive: false, max: MAX_TIMER_SECONDS }).default(
      DEFAULTS.passthrough.scopeCacheSeconds,
    ),
    /** Concurrent ZAK mints for one answer in mode fresh-zak. */
    zakConcurrency: wholeNumber('must be a whole number from 1 to 64', { min: 1, max: 64 }).default(DEFAULTS.passthrough.zakConcurrency),
    /** Connections to Zoom's API host for /v2, a pool of their own. */
    connections: wholeNumber(CONNECTIONS_SENTENCE, { min: 1, max: MAX_CONNECTIONS }).default(DEFAULTS.passthrough.connections),
    /** /v2 requests one client key may have under way (429 beyond). */
    maxConcurrentPerClient: wholeNumber(CONCURRENT_SENTENCE, { min: 1, max: MAX_CONCURRENT }).default(DEFAULTS.passthrough.maxConcurrentPerClient),
    /** The slowest a streamed request body may arrive (408 below it); 0: only the idle watch. */
    uploadMinBytesPerSecond: wholeNumber(`must be a whole number of bytes per second from 0 to ${GIB}`, { min: 0, max: GIB }).default(
      DEFAULTS.passthrough.uploadMinBytesPerSecond,
    ),
    /** Zoom's origin-bound answer fields to pass on anyway (dropped by default). */
    keepResponseHeaders: z
      .array(originBoundHeader(), rule(KEEP_HEADERS_SENTENCE))
      .default(() => [...DEFAULTS.passthrough.keepResponseHeaders]),
  },
  OBJECT,
);

const KEYS_SENTENCE = 'must be a non-empty list of keys';

/** A client as written: exactly one of `key` and `keys` (checked in findConflict, which names the path). */
const clientSchema = z.strictObject(
  {
    name: nonBlankString(),
    /** The Bearer key the app sends. A secret. */
    key: credentialString(KEY_MIN_LENGTH).optional(),
    /** Several keys, while a key is being changed: each authenticates the same client. Secrets. */
    keys: z.array(credentialString(KEY_MIN_LENGTH), rule(KEYS_SENTENCE)).min(1, KEYS_SENTENCE).optional(),
    users: clientUsers(),
    /** The Zoom account whose credential serves it (required when `zoom` is a list). */
    account: nonBlankString().optional(),
  },
  rule('must be an object with "name", "key" and "users"'),
);

type ClientInput = z.output<typeof clientSchema>;

const botSchema = z.strictObject(
  {
    name: nonBlankString(),
    token: credentialString(KEY_MIN_LENGTH),
    user: zoomUser(),
    /** The Zoom account whose credential serves it (required when `zoom` is a list). */
    account: nonBlankString().optional(),
  },
  rule('must be an object with "name", "token" and "user"'),
);

const subscriberSchema = z.strictObject(
  {
    name: nonBlankString(),
    /** Where the events are POSTed. */
    url: httpUrl({ stripTrailingSlash: false }),
    /** The Standard Webhooks secret that signs each delivery. A secret. */
    secret: webhookSecret(),
    events: eventNames(),
    /** The accounts whose events it gets; absent: every account's. */
    accounts: z.array(nonBlankString(), rule('must be a non-empty list of account names')).min(1, 'must be a non-empty list of account names').optional(),
  },
  rule('must be an object with "name", "url", "secret" and "events"'),
);

/** A week: far past Zoom's retries (85 minutes), short of accepting any old signed event. */
const MAX_TOLERANCE_SECONDS = 7 * 86_400;

const webhooksSchema = z.strictObject(
  {
    subscribers: z.array(subscriberSchema, rule('must be a list of {"name", "url", "secret", "events"} objects')).default(() => []),
    /** How far x-zm-request-timestamp may be from now. */
    toleranceSeconds: seconds(`must be a whole number of seconds from 1 to ${MAX_TOLERANCE_SECONDS}`, {
      integer: true,
      positive: true,
      max: MAX_TOLERANCE_SECONDS,
    }).default(DEFAULTS.webhooks.toleranceSeconds),
    /** How long one delivery may take. */
    deliveryTimeoutSeconds: seconds('must be a number of seconds greater than 0 and at most 600', { integer: false, positive: true, max: 600 }).default(
      DEFAULTS.webhooks.deliveryTimeoutSeconds,
    ),
    /** With the redis store: how long a failing delivery is retried. */
    retryForSeconds: seconds(`must be a whole number of seconds greater than 0 and at most ${MAX_TIMER_SECONDS}`, {
      integer: true,
      positive: true,
      max: MAX_TIMER_SECONDS,
    }).default(DEFAULTS.webhooks.retryForSeconds),
  },
  OBJECT,
);

const logSchema = z.strictObject(
  {
    level: z.enum(LOG_LEVELS, rule(`must be one of ${LOG_LEVELS.join(', ')}`)).default(DEFAULTS.log.level),
  },
  OBJECT,
);

const STORE_TYPES = ['memory', 'redis'] as const;
const KEY_PREFIX_SENTENCE = 'must be 1 to 64 printable ASCII characters without spaces';

const storeSchema = z
  .strictObject(
    {
      /** `memory` (one replica) or `redis` (replicas share state through it). */
      type: z.enum(STORE_TYPES, rule('must be "memory" or "redis"')).default(DEFAULTS.store.type),
      /** The Redis server, with `redis`. May hold a password: write it as `env:NAME`. */
      url: redisUrl().optional(),
      /** Prefix of every key and channel in Redis. */
      keyPrefix: z.string(rule(KEY_PREFIX_SENTENCE)).regex(/^[\x21-\x7e]{1,64}$/, KEY_PREFIX_SENTENCE).default(DEFAULTS.store.keyPrefix),
    },
    OBJECT,
  )
  .superRefine((store, ctx) => {
    if (store.type === 'redis' && store.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'required when store.type is "redis"' });
  });

const topLevelShape = {
  listen: section(listenSchema),
  /** Base URL of the links handed out; absent means `http://{listen.host}:{bound port}`. */
  publicUrl: httpUrl({ stripTrailingSlash: true }).optional(),
  zoom: zoomSection,
  links: section(linksSchema),
  zak: section(zakSchema),
  downloads: section(downloadsSchema),
  passthrough: section(passthroughSchema),
  clients: z.array(clientSchema, rule('must be a list of {"name", "key", "users"} objects')).default(() => []),
  bots: z.array(botSchema, rule('must be a list of {"name", "token", "user"} objects')).default(() => []),
  webhooks: section(webhooksSchema),
  log: section(logSchema),
  /** How long requests in flight may run on after SIGTERM/SIGINT. */
  shutdownGraceSeconds: seconds(`must be a number of seconds from 0 to ${MAX_TIMER_SECONDS}`, {
    integer: false,
    positive: false,
    max: MAX_TIMER_SECONDS,
  }).default(DEFAULTS.shutdownGraceSeconds),
  store: section(storeSchema),
};

/** The keys each object accepts, by shape path (`''`, `zoom`, `clients[]`): for "did you mean" hints. */
export const KNOWN_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['', Object.keys(topLevelShape)],
  ['listen', Object.keys(listenSchema.shape)],
  ['zoom', Object.keys(zoomSchema.shape)],
  ['zoom[]', Object.keys(namedZoomSchema.shape)],
  ['links', Object.keys(linksSchema.shape)],
  ['zak', Object.keys(zakSchema.shape)],
  ['downloads', Object.keys(downloadsSchema.shape)],
  ['passthrough', Object.keys(passthroughSchema.shape)],
  ['clients[]', Object.keys(clientSchema.shape)],
  ['bots[]', Object.keys(botSchema.shape)],
  ['webhooks', Object.keys(webhooksSchema.shape)],
  ['webhooks.subscribers[]', Object.keys(subscriberSchema.shape)],
  ['log', Object.keys(logSchema.shape)],
  ['store', Object.keys(storeSchema.shape)],
]);

const topLevelSchema = z.strictObject(topLevelShape, { error: 'must be a JSON object' });
type ConfigInput = z.output<typeof topLevelSchema>;

export const configSchema = topLevelSchema
  .superRefine((config, ctx) => {
    const conflict = unreachableLinks(config) ?? accountConflict(config) ?? findConflict(config) ?? subscriberConflict(config);
    if (conflict !== undefined) ctx.addIssue({ code: 'custom', path: conflict.path, message: conflict.message });
  })
  // zod runs this even after an unknown key (an issue that does not stop the parse): the parse fails anyway.
  .transform((c, ctx): Config => (ctx.issues.length > 0 ? (z.NEVER as Config) : resolvedConfig(c)));

/** The parsed file as the proxy uses it: `key` folded into `keys`, the defaults that depend on other keys applied. */
function resolvedConfig(c: ConfigInput): Config {
  return {
    listen: c.listen,
    publicUrl: c.publicUrl,
    ...zoomOf(c.zoom),
    links: c.links,
    zak: c.zak,
    downloads: c.downloads,
    passthrough: c.passthrough,
    clients: c.clients.map(({ name, key, keys, users, account }) => ({
      name,
      keys: keys ?? (key === undefined ? [] : [key]),
      users,
      ...(account === undefined ? {} : { account }),
    })),
    bots: c.bots.map(({ account, ...bot }) => ({ ...bot, ...(account === undefined ? {} : { account }) })),
    webhooks: {
      ...c.webhooks,
      subscribers: c.webhooks.subscribers.map(({ accounts, ...subscriber }) => ({ ...subscriber, ...(accounts === undefined ? {} : { accounts }) })),
    },
    log: c.log,
    shutdownGraceSeconds: c.shutdownGraceSeconds,
    store: { type: c.store.type, keyPrefix: c.store.keyPrefix, ...(c.store.url === undefined ? {} : { url: c.store.url }) },
  };
}

type ZoomInput = z.output<typeof zoomSchema>;
type ZoomSectionInput = ZoomInput | z.output<typeof accountListSchema>;

/** An account with its defaults that depend on other keys applied. */
function resolved<T extends ZoomInput>(account: T): T & ZoomConfig {
  return { ...account, startHosts: account.startHosts ?? defaultStartHosts(account.webUrl) };
}

/** `zoom` and `accounts` of the resolved Config: with a list, `zoom` is the first account's settings. */
function zoomOf(zoom: ZoomSectionInput): Pick<Config, 'zoom' | 'accounts'> {
  if (!Array.isArray(zoom)) return { zoom: resolved(zoom) };
  const accounts = zoom.map(resolved);
  return { zoom: accounts[0] as ZoomConfig, accounts };
}

/** Where each account's client secret is written, for the rule that no key repeats a secret. */
function clientSecretsOf(zoom: ZoomSectionInput): { value: string; label: string }[] {
  if (!Array.isArray(zoom)) return [{ value: zoom.clientSecret, label: 'zoom.clientSecret' }];
  return zoom.map((account, i) => ({ value: account.clientSecret, label: `zoom[${i}].clientSecret` }));
}

/**
 * The first broken rule about accounts: names unique; with a list every client and bot names its
 * account, and whatever an `account` names exists (with one object, only DEFAULT_ACCOUNT does).
 */
function accountConflict(config: { zoom: ZoomSectionInput; clients: { account?: string | undefined }[]; bots: { account?: string | undefined }[] }): Conflict | undefined {
  const list = Array.isArray(config.zoom) ? config.zoom : undefined;
  const names = list === undefined ? [DEFAULT_ACCOUNT] : list.map((account) => account.name);
  for (const [i, name] of names.entries()) {
    const same = names.indexOf(name);
    if (same < i) return { path: ['zoom', i, 'name'], message: `must be unique: zoom[${same}] has the same name` };
  }
  const known = names.map((name) => JSON.stringify(name)).join(', ');
  for (const section of ['clients', 'bots'] as const) {
    for (const [i, { account }] of config[section].entries()) {
      const path = [section, i, 'account'];
      if (account === undefined) {
        if (list !== undefined) return { path, message: `required when zoom is a list of accounts: the name of one of them (${known})` };
      } else if (!names.includes(account)) {
        const message =
          list === undefined
            ? `must be "${DEFAULT_ACCOUNT}" or left out: zoom is one account`
            : `must name one of the accounts in zoom (${known})`;
        return { path, message };
      }
    }
  }
  return undefined;
}

interface Conflict {
  path: (string | number)[];
  message: string;
}

/**
 * The first broken rule of `webhooks.subscribers`: names unique (they label logs, metrics and what
 * was delivered to whom), and every name in `accounts` one of the configuration's accounts.
 */
function subscriberConflict(config: { zoom: ZoomSectionInput; webhooks: { subscribers: { name: string; accounts?: string[] | undefined }[] } }): Conflict | undefined {
  const list = Array.isArray(config.zoom) ? config.zoom : undefined;
  const names = list === undefined ? [DEFAULT_ACCOUNT] : list.map((account) => account.name);
  const known = names.map((name) => JSON.stringify(name)).join(', ');
  const { subscribers } = config.webhooks;
  for (const [i, subscriber] of subscribers.entries()) {
    const same = subscribers.findIndex((other) => other.name === subscriber.name);
    if (same < i) return { path: ['webhooks', 'subscribers', i, 'name'], message: `must be unique: webhooks.subscribers[${same}] has the same name` };
    for (const [j, account] of (subscriber.accounts ?? []).entries()) {
      if (names.includes(account)) continue;
      const message = list === undefined ? `must be "${DEFAULT_ACCOUNT}": zoom is one account` : `must name one of the accounts in zoom (${known})`;
      return { path: ['webhooks', 'subscribers', i, 'accounts', j], message };
    }
  }
  return undefined;
}

/** One client key as written, with where it is written (`clients[1].key`, `clients[1].keys[0]`). */
interface WrittenKey {
  value: string;
  path: (string | number)[];
  label: string;
}

function keysOf(client: ClientInput, i: number): WrittenKey[] {
  if (client.key !== undefined) return [{ value: client.key, path: ['clients', i, 'key'], label: `clients[${i}].key` }];
  return (client.keys ?? []).map((value, j) => ({ value, path: ['clients', i, 'keys', j], label: `clients[${i}].keys[${j}]` }));
}

/**
 * Listening on every interface (`0.0.0.0`, `::`) is fine, but the default publicUrl is built from
 * listen.host, and a link to `http://0.0.0.0:8080` reaches nobody: such a start needs publicUrl.
 */
function unreachableLinks(config: { listen: { host: string; port: number }; publicUrl?: string | undefined }): Conflict | undefined {
  const { host, port } = config.listen;
  if (config.publicUrl !== undefined || !isUnspecifiedAddress(host)) return undefined;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    path: ['publicUrl'],
    message: `required when listen.host is ${host} (every interface): links would point at http://${shown}:${port}, which no client can reach`,
  };
}

/**
 * The first rule that spans several keys and is broken: names and secrets must be unique, because a
 * request is matched to its client or bot by its key alone, and a key that is also a link secret
 * (current or previous) would let its holder sign links. The messages name the other key, never the value.
 */
function findConflict(config: {
  clients: ClientInput[];
  bots: BotConfig[];
  links: { secret: string; previousSecrets: string[] };
  zoom: ZoomSectionInput;
}): Conflict | undefined {
  const { clients, bots, links } = config;
  const firstIndex = <T>(list: T[], index: number, same: (a: T, b: T) => boolean): number =>
    list.findIndex((other, i) => i < index && same(other, list[index] as T));

  for (const [i, previous] of links.previousSecrets.entries()) {
    const path = ['links', 'previousSecrets', i];
    if (previous === links.secret) return { path, message: 'must not be the same as links.secret (it signs; a previous secret only verifies)' };
    const same = links.previousSecrets.indexOf(previous);
    if (same < i) return { path, message: `must be unique: links.previousSecrets[${same}] is the same` };
  }
  const written: { client: number; key: WrittenKey }[] = [];
  for (const [i, client] of clients.entries()) {
    const sameName = firstIndex(clients, i, (a, b) => a.name === b.name);
    if (sameName >= 0) return { path: ['clients', i, 'name'], message: `must be unique: clients[${sameName}] has the same name` };
    if (client.key !== undefined && client.keys !== undefined) {
      return { path: ['clients', i, 'keys'], message: 'must not be given together with "key": exactly one of the two' };
    }
    if (client.key === undefined && client.keys === undefined) {
      return { path: ['clients', i, 'key'], message: 'required (or "keys", a list of keys, while a key is being changed)' };
    }
    for (const key of keysOf(client, i)) {
      const same = written.find((w) => w.key.value === key.value);
      if (same !== undefined) {
        const message = same.client === i ? `must be unique: ${same.key.label} is the same` : `must be unique: clients[${same.client}] has the same key`;
        return { path: key.path, message };
      }
      const reused = reusedSecret(key.value, config);
      if (reused) return { path: key.path, message: `must not be the same as ${reused}` };
      written.push({ client: i, key });
    }
  }
  for (const [i, bot] of bots.entries()) {
    const sameName = firstIndex(bots, i, (a, b) => a.name === b.name);
    if (sameName >= 0) return { path: ['bots', i, 'name'], message: `must be unique: bots[${sameName}] has the same name` };
    const sameToken = firstIndex(bots, i, (a, b) => a.token === b.token);
    if (sameToken >= 0) return { path: ['bots', i, 'token'], message: `must be unique: bots[${sameToken}] has the same token` };
    const clientKey = written.find((w) => w.key.value === bot.token);
    if (clientKey !== undefined) return { path: ['bots', i, 'token'], message: `must not be the same as ${clientKey.key.label}` };
    const reused = reusedSecret(bot.token, config);
    if (reused) return { path: ['bots', i, 'token'], message: `must not be the same as ${reused}` };
  }
  return undefined;
}

/** Which other secret `value` repeats, if any. */
function reusedSecret(value: string, config: { links: { secret: string; previousSecrets: string[] }; zoom: ZoomSectionInput }): string | undefined {
  if (value === config.links.secret) return 'links.secret';
  const previous = config.links.previousSecrets.indexOf(value);
  if (previous >= 0) return `links.previousSecrets[${previous}]`;
  return clientSecretsOf(config.zoom).find((secret) => secret.value === value)?.label;
}
