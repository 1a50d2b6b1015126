import { z } from 'zod';
import { isGuessableSecret } from './guessable-secret.js';
import { isPublicSuffixLike } from './public-suffix.js';

/**
 * The building blocks of the configuration schema: one zod schema per kind of value, each failing with
 * one sentence a person can act on. The sentences are fixed text: none of them quotes the value it
 * rejects, so a secret written in the wrong place never reaches the error message.
 */

/** The longest timer Node runs as asked (2^31 - 1 ms); a longer one fires at once. */
export const MAX_TIMER_SECONDS = 2_147_483;

/**
 * An error map giving `required` when the key is absent and `sentence` for any other failure.
 * A number written as a string, typically the result of an `env:` reference, gets a hint.
 */
export function rule(sentence: string): { error: (issue: z.core.$ZodRawIssue) => string } {
  return {
    error: (issue) => {
      if (issue.input === undefined) return 'required';
      if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int') && typeof issue.input === 'string') {
        return `${sentence} (a JSON number, not a string)`;
      }
      return sentence;
    },
  };
}

const SURROUNDING_SPACE = 'must not start or end with a space or line break';

export const ACCOUNT_NAME_SENTENCE = 'must be 1 to 32 lower-case letters, digits or "-"';

/** The name of one of several Zoom accounts: it goes into metric labels and URL paths as written. */
export function accountName(): z.ZodType<string> {
  return z.string(rule(ACCOUNT_NAME_SENTENCE)).regex(/^[a-z0-9-]{1,32}$/, ACCOUNT_NAME_SENTENCE);
}

/**
 * A required, non-blank string with no surrounding white space: names, Zoom ids and credentials.
 * Surrounding white space is refused rather than trimmed: it is almost always a copy-paste slip, and
 * in a key it would never match (HTTP trims header values).
 */
export function nonBlankString(): z.ZodType<string> {
  return z
    .string(rule('must be a non-empty string'))
    .refine((s) => s.trim() !== '', 'must not be empty')
    .refine((s) => s.trim() === s, SURROUNDING_SPACE);
}

/** A secret of at least `minLength` characters (the link secret, client keys, bot tokens). */
export function secretString(minLength: number): z.ZodType<string> {
  return z
    .string(rule(`must be a string of at least ${minLength} characters`))
    .min(minLength, `must be at least ${minLength} characters`)
    .refine((s) => s.trim() === s, SURROUNDING_SPACE);
}

export const GUESSABLE_SECRET_SENTENCE =
  'is too easy to guess (fewer than 8 different characters, or one short piece repeated): make a random one with "openssl rand -base64 48"';

/** `links.secret`: long enough, and not guessable however long (see isGuessableSecret). */
export function linkSecret(minLength: number): z.ZodType<string> {
  return secretString(minLength).refine((s) => !isGuessableSecret(s), GUESSABLE_SECRET_SENTENCE);
}

/**
 * A client key or bot token: a secret sent as `Authorization: Bearer <it>`, so printable ASCII
 * without spaces (a space ends the credential there, and header bytes are read as latin1).
 */
export function credentialString(minLength: number): z.ZodType<string> {
  return secretString(minLength).refine((s) => /^[\x21-\x7e]+$/.test(s), 'must be printable ASCII without spaces (it is sent in an HTTP header)');
}

const URL_SENTENCE = 'must be an absolute http:// or https:// URL';

/** Why `text` is not an acceptable base URL, or undefined when it is. */
export function urlProblem(text: string): string | undefined {
  if (/\s/.test(text)) return `${URL_SENTENCE} without spaces`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return URL_SENTENCE;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return URL_SENTENCE;
  // WHATWG URL forgives `https:/host`, `https:host` and `https:\\host`; the text is used as written
  // (links, redirects), and clients outside browsers refuse those forms.
  if (!/^https?:\/\/[^/\\]/i.test(text)) return `${URL_SENTENCE}, written with "//" before its host`;
  if (text.includes('?') || text.includes('#')) return 'must not have a query (?) or a fragment (#)';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  return undefined;
}

/**
 * An absolute http(s) URL without query, fragment or credentials. With `stripTrailingSlash` it is
 * stored without trailing slashes, so `${base}/path` never doubles one; a path is kept.
 */
export function httpUrl(options: { stripTrailingSlash: boolean }): z.ZodType<string> {
  return z
    .string(rule(URL_SENTENCE))
    .superRefine((text, ctx) => {
      const problem = urlProblem(text);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((text) => (options.stripTrailingSlash ? text.replace(/\/+$/, '') : text));
}

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
/** `zoom.us`, `*.zoom.us`, `localhost`, `127.0.0.1`, `[::1]` (as `URL.hostname` writes IPv6). */
const HOST_PATTERN = new RegExp(`^(?:(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*|\\[[0-9a-f:.]+\\])$`);

export const DOWNLOAD_HOST_SENTENCE = 'must be a host name such as "zoom.us" or "*.zoom.us" (no scheme, port, path or other wildcard)';

export const PUBLIC_SUFFIX_SENTENCE =
  'must name a domain, not a top-level domain or public suffix such as "com" or "*.co.uk": write "zoom.us" or "*.zoom.us"';

/**
 * One entry of `zoom.downloadHosts`, lowercased (host names are case-insensitive, RFC 4343). An entry
 * that is, or whose `*.` covers, a public suffix (see isPublicSuffixLike) would let a redirect reach
 * any host registered under it.
 */
export function downloadHost(): z.ZodType<string> {
  return z
    .string(rule(DOWNLOAD_HOST_SENTENCE))
    .refine((s) => HOST_PATTERN.test(s.toLowerCase()), { message: DOWNLOAD_HOST_SENTENCE, abort: true })
    .refine((s) => !isPublicSuffixLike(s.toLowerCase().replace(/^\*\./, '')), PUBLIC_SUFFIX_SENTENCE)
    .transform((s) => s.toLowerCase());
}

/** Where to listen: a host name or an address, never a URL. */
export function listenHost(): z.ZodType<string> {
  const sentence = 'must be a host name or IP address to listen on, such as "127.0.0.1" or "0.0.0.0"';
  return z.string(rule(sentence)).refine((s) => /^[^\s/]+$/.test(s), sentence);
}

export const USERS_SENTENCE = 'must be ["*"] or a non-empty list of Zoom user ids or emails';

/** `["*"]`, or a non-empty list of ids/emails (no white space, no `*` among them). */
export function isUserList(value: unknown): value is string[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  if (!value.every((user) => typeof user === 'string' && /^\S+$/.test(user))) return false;
  return value.length === 1 || !value.includes('*');
}

export const ME_SENTENCE =
  'must not be "me": to Zoom it means whoever the access token belongs to, so it names nobody here; list the user\'s id or email';

/**
 * A client's `users`: as isUserList, and without `me` (any case), which the scope check would match
 * against `/v2/users/me/...`, Zoom's name for the account's own token owner.
 */
export function clientUsers(): z.ZodType<string[]> {
  return z.custom<string[]>(isUserList, rule(USERS_SENTENCE)).superRefine((users, ctx) => {
    const at = users.findIndex((user) => user.toLowerCase() === 'me');
    if (at >= 0) ctx.addIssue({ code: 'custom', path: [at], message: ME_SENTENCE });
  });
}

/** One Zoom user, as a bot's `user`: an id or an email, not `*`. */
export function zoomUser(): z.ZodType<string> {
  const sentence = 'must be one Zoom user id or email';
  return z.string(rule(sentence)).refine((s) => /^\S+$/.test(s) && s !== '*', sentence);
}

/** A number of seconds: whole if `integer`, > 0 if `positive` (else >= 0), at most `max` if given. */
export function seconds(sentence: string, options: { integer: boolean; positive: boolean; max?: number }): z.ZodType<number> {
  let schema = z.number(rule(sentence));
  if (options.integer) schema = schema.int(sentence);
  schema = options.positive ? schema.positive(sentence) : schema.nonnegative(sentence);
  if (options.max !== undefined) schema = schema.max(options.max, sentence);
  return schema;
}

/** A whole number from `min` to `max` (byte counts, concurrency limits, redirects, resumes). */
export function wholeNumber(sentence: string, options: { min: number; max: number }): z.ZodType<number> {
  return z.number(rule(sentence)).int(sentence).min(options.min, sentence).max(options.max, sentence);
}

export const REDIS_URL_SENTENCE = 'must be a redis:// or rediss:// URL: redis[s]://[[user]:password@]host[:port][/database]';

/** Why `text` is not a Redis URL node-redis takes (`store.url`), or undefined when it is. Never quotes it: it may hold a password. */
export function redisUrlProblem(text: string): string | undefined {
  if (/\s/.test(text)) return `${REDIS_URL_SENTENCE}, without spaces`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return REDIS_URL_SENTENCE;
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '' || !/^rediss?:\/\/[^/\\]/i.test(text)) return REDIS_URL_SENTENCE;
  if (!/^\/?(?:\d{1,5})?$/.test(url.pathname)) return 'must name the database as a number after the host (/0, /1, ...), or none';
  if (url.search !== '' || url.hash !== '') return 'must not have a query (?) or a fragment (#)';
  return undefined;
}

/** `store.url`: a Redis URL, as redisUrlProblem accepts. */
export function redisUrl(): z.ZodType<string> {
  return z.string(rule(REDIS_URL_SENTENCE)).superRefine((text, ctx) => {
    const problem = redisUrlProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export const PORT_SENTENCE = 'must be an integer from 0 to 65535';

/** A TCP port; 0 asks the system for a free one. */
export function portNumber(): z.ZodType<number> {
  return z.number(rule(PORT_SENTENCE)).int(PORT_SENTENCE).min(0, PORT_SENTENCE).max(65_535, PORT_SENTENCE);
}

export const WEBHOOK_SECRET_SENTENCE =
  'must be "whsec_" followed by the base64 of 24 to 64 random bytes (make one with: echo "whsec_$(openssl rand -base64 32)")';

/**
 * A subscriber's Standard Webhooks secret: `whsec_` and standard base64 (padded) of 24 to 64 bytes,
 * the form the Standard Webhooks libraries take, so the subscriber can paste it as it is.
 */
export function webhookSecret(): z.ZodType<string> {
  return z.string(rule(WEBHOOK_SECRET_SENTENCE)).refine((s) => {
    const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(s);
    if (match === null || (match[1] as string).length % 4 !== 0) return false;
    const bytes = Buffer.from(match[1] as string, 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, WEBHOOK_SECRET_SENTENCE);
}

export const EVENTS_SENTENCE = 'must be ["*"] or a non-empty list of Zoom event names such as "recording.completed"';

/** A subscriber's `events`: `["*"]`, or event names (no white space, no `*` among them). */
export function eventNames(): z.ZodType<string[]> {
  return z.custom<string[]>((value) => {
    if (!Array.isArray(value) || value.length === 0) return false;
    if (!value.every((name) => typeof name === 'string' && /^[\w.-]+$|^\*$/.test(name))) return false;
    return value.length === 1 || !value.includes('*');
  }, rule(EVENTS_SENTENCE));
}
