import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { REMOVE, VALID_LINK_SECRET, changed, validConfig } from '../../helpers/valid-config.js';
const P1 = 'previous-secret-one-8Jd2Lq7Wz4Xc0Nb';
const P2 = 'previous-secret-two-3Hs9Ke1Vr6Tp5Ym';

/**
 * Every validation rule, one row each: a valid configuration with one key changed, and the exact
 * one-line message the start fails with.
 */

type Row = [description: string, raw: unknown, message: string, env?: NodeJS.ProcessEnv];

/** A row changing one key of the valid configuration. */
function row(path: (string | number)[], value: unknown, message: string, env?: NodeJS.ProcessEnv): Row {
  const shown = value === REMOVE ? 'removed' : typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  return [`${path.join('.')} = ${shown}`, changed(validConfig(), path, value), message, env];
}

const URL_MSG = 'must be an absolute http:// or https:// URL';
const HOST_MSG = 'must be a host name such as "zoom.us" or "*.zoom.us" (no scheme, port, path or other wildcard)';
const LISTEN_HOST_MSG = 'must be a host name or IP address to listen on, such as "127.0.0.1" or "0.0.0.0"';
const PORT_MSG = 'must be an integer from 0 to 65535';
const USERS_MSG = 'must be ["*"] or a non-empty list of Zoom user ids or emails';
const TTL_MSG = 'must be a whole number of seconds from 1 to 315360000 (ten years)';
const SPACE_MSG = 'must not start or end with a space or line break';
const CONNECTIONS_MSG = 'must be a whole number of connections from 1 to 4096';
const CONCURRENT_MSG = 'must be a whole number of requests from 1 to 100000';
const SUFFIX_MSG = 'must name a domain, not a top-level domain or public suffix such as "com" or "*.co.uk": write "zoom.us" or "*.zoom.us"';
const GUESSABLE_MSG =
  'is too easy to guess (fewer than 8 different characters, or one short piece repeated): make a random one with "openssl rand -base64 48"';
const KEEP_MSG = 'must be "set-cookie" or "strict-transport-security" (the only fields of Zoom\'s answer the proxy drops besides hop-by-hop ones)';
const ME_MSG = 'must not be "me": to Zoom it means whoever the access token belongs to, so it names nobody here; list the user\'s id or email';

/** The valid configuration listening on `host`, without publicUrl. */
function listeningWithoutPublicUrl(host: string, message: string): Row {
  return [`listen.host = ${JSON.stringify(host)} without publicUrl`, changed(changed(validConfig(), ['publicUrl'], REMOVE), ['listen', 'host'], host), message];
}

const rows: Row[] = [
  // The top level
  ['top level is an array', [], '(top level): must be a JSON object'],
  ['top level is null', null, '(top level): must be a JSON object'],
  ['top level is a string', 'zoom', '(top level): must be a JSON object'],
  ['top level is a number', 42, '(top level): must be a JSON object'],
  row(['foo'], 1, 'foo: unknown key'),
  row(['client'], [], 'client: unknown key (did you mean clients?)'),
  row(['a b'], 1, '["a b"]: unknown key'),
  ['a JSON key "__proto__"', JSON.parse('{"__proto__": {"x": 1}}'), '__proto__: unknown key'],
  ['an empty object', {}, 'zoom.accountId: required'],

  // listen
  row(['listen'], 'localhost:8080', 'listen: must be an object'),
  row(['listen'], null, 'listen: must be an object'),
  row(['listen', 'foo'], true, 'listen.foo: unknown key'),
  row(['listen', 'host'], '', `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'host'], 'http://0.0.0.0', `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'host'], '0.0.0.0 ', `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'host'], 127, `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'maxHeaderBytes'], 512, 'listen.maxHeaderBytes: must be a whole number of bytes from 1024 to 1048576'),
  row(['listen', 'maxHeaderBytes'], '16384', 'listen.maxHeaderBytes: must be a whole number of bytes from 1024 to 1048576 (a JSON number, not a string)'),
  row(['listen', 'port'], -1, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], 65_536, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], 80.5, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], null, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], '8080', `listen.port: ${PORT_MSG} (a JSON number, not a string)`),
  // Found in review: links were written to http://0.0.0.0:PORT, which reaches nobody.
  listeningWithoutPublicUrl('0.0.0.0', 'publicUrl: required when listen.host is 0.0.0.0 (every interface): links would point at http://0.0.0.0:8080, which no client can reach'),
  listeningWithoutPublicUrl('::', 'publicUrl: required when listen.host is :: (every interface): links would point at http://[::]:8080, which no client can reach'),
  listeningWithoutPublicUrl('0:0:0:0:0:0:0:0', 'publicUrl: required when listen.host is 0:0:0:0:0:0:0:0 (every interface): links would point at http://[0:0:0:0:0:0:0:0]:8080, which no client can reach'),
  listeningWithoutPublicUrl('0', 'publicUrl: required when listen.host is 0 (every interface): links would point at http://0:8080, which no client can reach'),

  // publicUrl
  row(['publicUrl'], 'zoom-proxy.example.com', `publicUrl: ${URL_MSG}`),
  row(['publicUrl'], 'ftp://zoom-proxy.example.com', `publicUrl: ${URL_MSG}`),
  row(['publicUrl'], '/relative/path', `publicUrl: ${URL_MSG}`),
  row(['publicUrl'], 'https://zoom-proxy.example.com/?a=1', 'publicUrl: must not have a query (?) or a fragment (#)'),
  row(['publicUrl'], 'https://zoom-proxy.example.com/#top', 'publicUrl: must not have a query (?) or a fragment (#)'),
  row(['publicUrl'], 'https://user:pass@zoom-proxy.example.com', 'publicUrl: must not contain a user name or password'),
  row(['publicUrl'], 'https://zoom-proxy.example.com/a b', `publicUrl: ${URL_MSG} without spaces`),
  row(['publicUrl'], '', `publicUrl: ${URL_MSG}`),
  // Found in review: WHATWG URL forgives these; the text went into links as written.
  row(['publicUrl'], 'https:/zoom-proxy.example.com', `publicUrl: ${URL_MSG}, written with "//" before its host`),
  row(['publicUrl'], 'https:zoom-proxy.example.com', `publicUrl: ${URL_MSG}, written with "//" before its host`),
  row(['publicUrl'], 'https:\\\\zoom-proxy.example.com', `publicUrl: ${URL_MSG}, written with "//" before its host`),
  row(['zoom', 'webUrl'], 'https:/zoom.us', `zoom.webUrl: ${URL_MSG}, written with "//" before its host`),
  row(['publicUrl'], null, `publicUrl: ${URL_MSG}`),

  // zoom
  row(['zoom'], REMOVE, 'zoom.accountId: required'),
  row(['zoom'], [], 'zoom: must be an object'),
  row(['zoom', 'foo'], 'x', 'zoom.foo: unknown key'),
  row(['zoom', 'clientID'], 'x', 'zoom.clientID: unknown key (did you mean clientId?)'),
  row(['zoom', 'clientSecert'], 'x', 'zoom.clientSecert: unknown key (did you mean clientSecret?)'),
  row(['zoom', 'accountId'], REMOVE, 'zoom.accountId: required'),
  row(['zoom', 'accountId'], '', 'zoom.accountId: must not be empty'),
  row(['zoom', 'accountId'], '   ', 'zoom.accountId: must not be empty'),
  row(['zoom', 'accountId'], 1234, 'zoom.accountId: must be a non-empty string'),
  row(['zoom', 'clientId'], REMOVE, 'zoom.clientId: required'),
  row(['zoom', 'clientId'], ' client-id-5678', `zoom.clientId: ${SPACE_MSG}`),
  row(['zoom', 'clientSecret'], REMOVE, 'zoom.clientSecret: required'),
  row(['zoom', 'clientSecret'], 'zoom-client-secret-value\n', `zoom.clientSecret: ${SPACE_MSG}`),
  row(['zoom', 'clientSecret'], false, 'zoom.clientSecret: must be a non-empty string'),
  row(['zoom', 'oauthUrl'], 'zoom.us/oauth/token', `zoom.oauthUrl: ${URL_MSG}`),
  row(['zoom', 'oauthUrl'], 'https://zoom.us/oauth/token?grant_type=x', 'zoom.oauthUrl: must not have a query (?) or a fragment (#)'),
  row(['zoom', 'apiUrl'], 'ws://api.zoom.us/v2', `zoom.apiUrl: ${URL_MSG}`),
  row(['zoom', 'apiUrl'], ['https://api.zoom.us/v2'], `zoom.apiUrl: ${URL_MSG}`),
  row(['zoom', 'webUrl'], 'https://zoom.us#x', 'zoom.webUrl: must not have a query (?) or a fragment (#)'),
  row(['zoom', 'downloadHosts'], [], 'zoom.downloadHosts: must be a non-empty list of host names'),
  row(['zoom', 'downloadHosts'], 'zoom.us', 'zoom.downloadHosts: must be a non-empty list of host names'),
  row(['zoom', 'downloadHosts'], ['https://zoom.us'], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], ['zoom.us', 'zoom.us:443'], `zoom.downloadHosts[1]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], ['zoom.us/rec'], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], ['zoom.*.us'], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], ['*zoom.us'], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], ['*.*.zoom.us'], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], ['*'], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], ['zoom.us.'], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], [''], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'downloadHosts'], [7], `zoom.downloadHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'startHosts'], [], 'zoom.startHosts: must be a non-empty list of host names'),
  row(['zoom', 'startHosts'], 'zoom.us', 'zoom.startHosts: must be a non-empty list of host names'),
  row(['zoom', 'startHosts'], ['https://zoom.us'], `zoom.startHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'startHosts'], ['zoom.us', 'us05web.zoom.us:443'], `zoom.startHosts[1]: ${HOST_MSG}`),
  row(['zoom', 'startHosts'], ['zoom.us/s'], `zoom.startHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'startHosts'], ['*zoom.us'], `zoom.startHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'startHosts'], ['*'], `zoom.startHosts[0]: ${HOST_MSG}`),
  row(['zoom', 'startHosts'], [null], `zoom.startHosts[0]: ${HOST_MSG}`),
  // Found in review: a wildcard over a public suffix let a redirect reach any host registered under it.
  row(['zoom', 'downloadHosts'], ['*.com'], `zoom.downloadHosts[0]: ${SUFFIX_MSG}`),
  row(['zoom', 'downloadHosts'], ['zoom.us', '*.co.uk'], `zoom.downloadHosts[1]: ${SUFFIX_MSG}`),
  row(['zoom', 'downloadHosts'], ['*.COM.AU'], `zoom.downloadHosts[0]: ${SUFFIX_MSG}`),
  row(['zoom', 'downloadHosts'], ['*.us'], `zoom.downloadHosts[0]: ${SUFFIX_MSG}`),
  row(['zoom', 'downloadHosts'], ['com'], `zoom.downloadHosts[0]: ${SUFFIX_MSG}`),
  row(['zoom', 'downloadHosts'], ['zoom.us', 'co.uk'], `zoom.downloadHosts[1]: ${SUFFIX_MSG}`),
  row(['zoom', 'timeoutSeconds'], 0, 'zoom.timeoutSeconds: must be a number of seconds greater than 0 and at most 2147483'),
  row(['zoom', 'timeoutSeconds'], -5, 'zoom.timeoutSeconds: must be a number of seconds greater than 0 and at most 2147483'),
  row(['zoom', 'timeoutSeconds'], 3_000_000, 'zoom.timeoutSeconds: must be a number of seconds greater than 0 and at most 2147483'),
  row(['zoom', 'timeoutSeconds'], '10', 'zoom.timeoutSeconds: must be a number of seconds greater than 0 and at most 2147483 (a JSON number, not a string)'),
  row(['zoom', 'connections'], 0, `zoom.connections: ${CONNECTIONS_MSG}`),
  row(['zoom', 'connections'], 4097, `zoom.connections: ${CONNECTIONS_MSG}`),
  row(['zoom', 'connections'], 1.5, `zoom.connections: ${CONNECTIONS_MSG}`),
  row(['zoom', 'connections'], '32', `zoom.connections: ${CONNECTIONS_MSG} (a JSON number, not a string)`),

  // links
  row(['links'], REMOVE, 'links.secret: required'),
  row(['links'], 'secret', 'links: must be an object'),
  row(['links', 'secret'], REMOVE, 'links.secret: required'),
  row(['links', 'secret'], 'too-short', 'links.secret: must be at least 32 characters'),
  row(['links', 'secret'], '', 'links.secret: must be at least 32 characters'),
  row(['links', 'secret'], 12_345, 'links.secret: must be a string of at least 32 characters'),
  row(['links', 'secret'], ` ${'l'.repeat(32)}`, `links.secret: ${SPACE_MSG}`),
  row(['links', 'sceret'], 'x', 'links.sceret: unknown key (did you mean secret?)'),
  // Found in review: one repeated character was accepted as a signing key.
  row(['links', 'secret'], 'l'.repeat(32), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'ab'.repeat(24), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'abcdefg'.repeat(5), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'Passw0rd!'.repeat(4), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], `${'0123456789abcdefghij'.repeat(3)}0123`, `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'env:LINK_SECRET', `links.secret: ${GUESSABLE_MSG}`, { LINK_SECRET: 'x'.repeat(64) }),
  // links.previousSecrets: earlier secrets that still verify, never sign
  row(['links', 'previousSecrets'], P1, 'links.previousSecrets: must be a list of earlier links.secret values'),
  row(['links', 'previousSecrets'], ['too-short'], 'links.previousSecrets[0]: must be at least 32 characters'),
  row(['links', 'previousSecrets'], [P1, 42], 'links.previousSecrets[1]: must be a string of at least 32 characters'),
  row(['links', 'previousSecrets'], [`${P1} `], `links.previousSecrets[0]: ${SPACE_MSG}`),
  row(['links', 'previousSecrets'], [VALID_LINK_SECRET], 'links.previousSecrets[0]: must not be the same as links.secret (it signs; a previous secret only verifies)'),
  row(['links', 'previousSecrets'], [P1, P2, P1], 'links.previousSecrets[2]: must be unique: links.previousSecrets[0] is the same'),
  row(['links', 'previousSecret'], [], 'links.previousSecret: unknown key (did you mean previousSecrets?)'),
  [
    'clients[1].key = links.previousSecrets[0]',
    changed(changed(validConfig(), ['links', 'previousSecrets'], [P1]), ['clients', 1, 'key'], P1),
    'clients[1].key: must not be the same as links.previousSecrets[0]',
  ],
  [
    'bots[0].token = links.previousSecrets[1]',
    changed(changed(validConfig(), ['links', 'previousSecrets'], [P1, P2]), ['bots', 0, 'token'], P2),
    'bots[0].token: must not be the same as links.previousSecrets[1]',
  ],
  row(['links', 'previousSecrets'], ['p'.repeat(32)], `links.previousSecrets[0]: ${GUESSABLE_MSG}`),
  row(['links', 'startTtlSeconds'], 0, `links.startTtlSeconds: ${TTL_MSG}`),
  row(['links', 'startTtlSeconds'], 1.5, `links.startTtlSeconds: ${TTL_MSG}`),
  row(['links', 'downloadTtlSeconds'], -60, `links.downloadTtlSeconds: ${TTL_MSG}`),
  // Found in review: an "almost never" TTL made links whose exp the signer does not read (12 digits).
  row(['links', 'startTtlSeconds'], 1_000_000_000_000, `links.startTtlSeconds: ${TTL_MSG}`),
  row(['links', 'downloadTtlSeconds'], '3600', `links.downloadTtlSeconds: ${TTL_MSG} (a JSON number, not a string)`),
  row(['links', 'startUrls'], 'fresh', 'links.startUrls: must be "proxy" or "fresh-zak"'),
  row(['links', 'startUrls'], 'PROXY', 'links.startUrls: must be "proxy" or "fresh-zak"'),
  row(['links', 'startUrls'], 1, 'links.startUrls: must be "proxy" or "fresh-zak"'),

  // zak
  row(['zak'], 300, 'zak: must be an object'),
  row(['zak', 'cacheSecond'], 300, 'zak.cacheSecond: unknown key (did you mean cacheSeconds?)'),
  row(['zak', 'cacheSeconds'], -1, 'zak.cacheSeconds: must be a whole number of seconds, 0 or more'),
  row(['zak', 'cacheSeconds'], 2.5, 'zak.cacheSeconds: must be a whole number of seconds, 0 or more'),

  // downloads
  row(['downloads'], 30, 'downloads: must be an object'),
  row(['downloads', 'maxResume'], 3, 'downloads.maxResume: unknown key (did you mean maxResumes?)'),
  row(['downloads', 'idleTimeoutSeconds'], 0, 'downloads.idleTimeoutSeconds: must be a number of seconds greater than 0 and at most 2147483'),
  row(['downloads', 'idleTimeoutSeconds'], 3_000_000, 'downloads.idleTimeoutSeconds: must be a number of seconds greater than 0 and at most 2147483'),
  row(['downloads', 'idleTimeoutSeconds'], '30', 'downloads.idleTimeoutSeconds: must be a number of seconds greater than 0 and at most 2147483 (a JSON number, not a string)'),
  row(['downloads', 'maxRedirects'], 0, 'downloads.maxRedirects: must be a whole number from 1 to 20'),
  row(['downloads', 'maxRedirects'], 21, 'downloads.maxRedirects: must be a whole number from 1 to 20'),
  row(['downloads', 'maxRedirects'], 2.5, 'downloads.maxRedirects: must be a whole number from 1 to 20'),
  row(['downloads', 'maxResumes'], -1, 'downloads.maxResumes: must be a whole number from 0 to 100'),
  row(['downloads', 'maxResumes'], 101, 'downloads.maxResumes: must be a whole number from 0 to 100'),
  row(['downloads', 'maxResumes'], null, 'downloads.maxResumes: must be a whole number from 0 to 100'),
  row(['downloads', 'ownerCacheSecond'], 60, 'downloads.ownerCacheSecond: unknown key (did you mean ownerCacheSeconds?)'),
  row(['downloads', 'ownerCacheEntries'], -1, 'downloads.ownerCacheEntries: must be a whole number from 0 to 1000000'),
  row(['downloads', 'ownerCacheEntries'], 1_000_001, 'downloads.ownerCacheEntries: must be a whole number from 0 to 1000000'),
  row(['downloads', 'ownerCacheEntries'], 2.5, 'downloads.ownerCacheEntries: must be a whole number from 0 to 1000000'),
  row(['downloads', 'ownerCacheEntries'], '20000', 'downloads.ownerCacheEntries: must be a whole number from 0 to 1000000 (a JSON number, not a string)'),
  row(['downloads', 'ownerCacheSeconds'], 0, 'downloads.ownerCacheSeconds: must be a whole number of seconds greater than 0 and at most 2147483'),
  row(['downloads', 'ownerCacheSeconds'], 1.5, 'downloads.ownerCacheSeconds: must be a whole number of seconds greater than 0 and at most 2147483'),
  row(['downloads', 'ownerCacheSeconds'], 3_000_000, 'downloads.ownerCacheSeconds: must be a whole number of seconds greater than 0 and at most 2147483'),
  row(['downloads', 'ownerCacheSeconds'], null, 'downloads.ownerCacheSeconds: must be a whole number of seconds greater than 0 and at most 2147483'),
  row(['downloads', 'connections'], 0, `downloads.connections: ${CONNECTIONS_MSG}`),
  row(['downloads', 'connections'], null, `downloads.connections: ${CONNECTIONS_MSG}`),
  row(['downloads', 'maxConcurrentPerClient'], 0, `downloads.maxConcurrentPerClient: ${CONCURRENT_MSG}`),
  row(['downloads', 'maxConcurrentPerClient'], 100_001, `downloads.maxConcurrentPerClient: ${CONCURRENT_MSG}`),
  row(['downloads', 'maxConcurrentPerClient'], 2.5, `downloads.maxConcurrentPerClient: ${CONCURRENT_MSG}`),
  row(['downloads', 'maxConcurrentPerLink'], 0, `downloads.maxConcurrentPerLink: ${CONCURRENT_MSG}`),
  row(['downloads', 'maxConcurrentPerLink'], '16', `downloads.maxConcurrentPerLink: ${CONCURRENT_MSG} (a JSON number, not a string)`),
  row(['downloads', 'maxConcurrentPerLinks'], 16, 'downloads.maxConcurrentPerLinks: unknown key (did you mean maxConcurrentPerLink?)'),
  // passthrough
  row(['passthrough'], true, 'passthrough: must be an object'),
  row(['passthrough', 'rewriteMaxByte'], 1, 'passthrough.rewriteMaxByte: unknown key (did you mean rewriteMaxBytes?)'),
  row(['passthrough', 'rewriteMaxLinks'], 0, 'passthrough.rewriteMaxLinks: must be a whole number from 1 to 1000000'),
  row(['passthrough', 'rewriteMaxLinks'], 2.5, 'passthrough.rewriteMaxLinks: must be a whole number from 1 to 1000000'),
  row(['passthrough', 'rewriteMaxLinks'], 1_000_001, 'passthrough.rewriteMaxLinks: must be a whole number from 1 to 1000000'),
  row(['passthrough', 'rewriteMaxLinks'], '10000', 'passthrough.rewriteMaxLinks: must be a whole number from 1 to 1000000 (a JSON number, not a string)'),
  row(['passthrough', 'rewriteMaxBytes'], 0, 'passthrough.rewriteMaxBytes: must be a whole number of bytes from 1 to 1073741824'),
  row(['passthrough', 'requestMaxBytes'], 0, 'passthrough.requestMaxBytes: must be a whole number of bytes from 1 to 1073741824'),
  row(['passthrough', 'rewriteMaxBytes'], 1.5, 'passthrough.rewriteMaxBytes: must be a whole number of bytes from 1 to 1073741824'),
  row(['passthrough', 'rewriteMaxBytes'], 2 ** 31, 'passthrough.rewriteMaxBytes: must be a whole number of bytes from 1 to 1073741824'),
  row(['passthrough', 'rewriteMaxBytes'], '8MB', 'passthrough.rewriteMaxBytes: must be a whole number of bytes from 1 to 1073741824 (a JSON number, not a string)'),
  row(['passthrough', 'replayMaxBytes'], -1, 'passthrough.replayMaxBytes: must be a whole number of bytes from 0 to 1073741824'),
  row(['passthrough', 'scopeCacheSeconds'], -5, 'passthrough.scopeCacheSeconds: must be a whole number of seconds, 0 or more'),
  row(['passthrough', 'scopeCacheSeconds'], 0.5, 'passthrough.scopeCacheSeconds: must be a whole number of seconds, 0 or more'),
  row(['passthrough', 'zakConcurrency'], 0, 'passthrough.zakConcurrency: must be a whole number from 1 to 64'),
  row(['passthrough', 'zakConcurrency'], 65, 'passthrough.zakConcurrency: must be a whole number from 1 to 64'),
  row(['passthrough', 'zakConcurrency'], null, 'passthrough.zakConcurrency: must be a whole number from 1 to 64'),
  row(['passthrough', 'connections'], 0, `passthrough.connections: ${CONNECTIONS_MSG}`),
  row(['passthrough', 'connections'], 10_000, `passthrough.connections: ${CONNECTIONS_MSG}`),
  row(['passthrough', 'maxConcurrentPerClient'], 0, `passthrough.maxConcurrentPerClient: ${CONCURRENT_MSG}`),
  row(['passthrough', 'maxConcurrentPerClient'], -1, `passthrough.maxConcurrentPerClient: ${CONCURRENT_MSG}`),
  row(['passthrough', 'maxConcurrentPerClient'], null, `passthrough.maxConcurrentPerClient: ${CONCURRENT_MSG}`),
  row(['passthrough', 'uploadMinBytesPerSecond'], -1, 'passthrough.uploadMinBytesPerSecond: must be a whole number of bytes per second from 0 to 1073741824'),
  row(['passthrough', 'uploadMinBytesPerSecond'], 0.5, 'passthrough.uploadMinBytesPerSecond: must be a whole number of bytes per second from 0 to 1073741824'),
  row(['passthrough', 'uploadMinBytesPerSecond'], '1024', 'passthrough.uploadMinBytesPerSecond: must be a whole number of bytes per second from 0 to 1073741824 (a JSON number, not a string)'),
  row(['passthrough', 'keepResponseHeaders'], 'set-cookie', 'passthrough.keepResponseHeaders: must be a list of header names among "set-cookie", "strict-transport-security"'),
  row(['passthrough', 'keepResponseHeaders'], ['x-zm-trackingid'], `passthrough.keepResponseHeaders[0]: ${KEEP_MSG}`),
  row(['passthrough', 'keepResponseHeaders'], ['set-cookie', 'Set-Cookie:'], `passthrough.keepResponseHeaders[1]: ${KEEP_MSG}`),
  row(['passthrough', 'keepResponseHeaders'], [true], `passthrough.keepResponseHeaders[0]: ${KEEP_MSG}`),

  // clients
  row(['clients'], {}, 'clients: must be a list of {"name", "key", "users"} objects'),
  row(['clients', 0], 'scheduler', 'clients[0]: must be an object with "name", "key" and "users"'),
  row(['clients', 1, 'extra'], 1, 'clients[1].extra: unknown key'),
  row(['clients', 1, 'user'], ['*'], 'clients[1].user: unknown key (did you mean users?)'),
  row(['clients', 0, 'name'], REMOVE, 'clients[0].name: required'),
  row(['clients', 0, 'name'], '', 'clients[0].name: must not be empty'),
  row(['clients', 1, 'key'], REMOVE, 'clients[1].key: required (or "keys", a list of keys, while a key is being changed)'),
  row(['clients', 1, 'key'], 'short-key', 'clients[1].key: must be at least 16 characters'),
  row(['clients', 1, 'key'], 1_234_567_890_123_456, 'clients[1].key: must be a string of at least 16 characters'),
  // Found in review: accepted, but a Bearer credential ends at a space, and header bytes are latin1.
  row(['clients', 1, 'key'], 'correct horse battery staple', 'clients[1].key: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['clients', 1, 'key'], 'ключ-ключ-ключ-ключ', 'clients[1].key: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['bots', 0, 'token'], 'a bot token with spaces', 'bots[0].token: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['clients', 1, 'users'], REMOVE, 'clients[1].users: required'),
  row(['clients', 1, 'users'], [], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], ['*', 'alice@example.com'], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], ['*', '*'], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], '*', `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], [''], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], ['alice@example.com '], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], [42], `clients[1].users: ${USERS_MSG}`),
  // Found in review: "me" matched /v2/users/me/..., the token owner's own calls.
  row(['clients', 1, 'users'], ['me'], `clients[1].users[0]: ${ME_MSG}`),
  row(['clients', 0, 'users'], ['alice@example.com', 'ME'], `clients[0].users[1]: ${ME_MSG}`),
  row(['clients', 1, 'name'], 'scheduler', 'clients[1].name: must be unique: clients[0] has the same name'),
  row(['clients', 1, 'key'], 'k'.repeat(16), 'clients[1].key: must be unique: clients[0] has the same key'),
  row(['clients', 1, 'key'], VALID_LINK_SECRET, 'clients[1].key: must not be the same as links.secret'),
  row(['clients', 0, 'key'], 'zoom-client-secret-value', 'clients[0].key: must not be the same as zoom.clientSecret'),

  // clients[].keys: several keys of one client while a key is being changed
  row(['clients', 1, 'keys'], ['n'.repeat(16)], 'clients[1].keys: must not be given together with "key": exactly one of the two'),
  row(['clients', 1], { name: 'crm', keys: [], users: ['*'] }, 'clients[1].keys: must be a non-empty list of keys'),
  row(['clients', 1], { name: 'crm', keys: 'n'.repeat(16), users: ['*'] }, 'clients[1].keys: must be a non-empty list of keys'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), 'short'], users: ['*'] }, 'clients[1].keys[1]: must be at least 16 characters'),
  row(['clients', 1], { name: 'crm', keys: ['a key with spaces!'], users: ['*'] }, 'clients[1].keys[0]: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), 'k'.repeat(16)], users: ['*'] }, 'clients[1].keys[1]: must be unique: clients[0] has the same key'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), 'n'.repeat(16)], users: ['*'] }, 'clients[1].keys[1]: must be unique: clients[1].keys[0] is the same'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), VALID_LINK_SECRET], users: ['*'] }, 'clients[1].keys[1]: must not be the same as links.secret'),
  row(['clients', 0], { name: 'scheduler', keys: ['c'.repeat(16)], users: ['*'] }, 'clients[1].key: must be unique: clients[0] has the same key'),
  [
    'bots[0].token = one of clients[1].keys',
    changed(changed(validConfig(), ['clients', 1], { name: 'crm', keys: ['c'.repeat(16), 'd'.repeat(16)], users: ['*'] }), ['bots', 0, 'token'], 'd'.repeat(16)),
    'bots[0].token: must not be the same as clients[1].keys[1]',
  ],

  // bots
  row(['bots'], 'notetaker', 'bots: must be a list of {"name", "token", "user"} objects'),
  row(['bots', 0], null, 'bots[0]: must be an object with "name", "token" and "user"'),
  row(['bots', 0, 'tokn'], 'x', 'bots[0].tokn: unknown key (did you mean token?)'),
  row(['bots', 0, 'name'], REMOVE, 'bots[0].name: required'),
  row(['bots', 0, 'token'], REMOVE, 'bots[0].token: required'),
  row(['bots', 0, 'token'], 'short', 'bots[0].token: must be at least 16 characters'),
  row(['bots', 0, 'user'], REMOVE, 'bots[0].user: required'),
  row(['bots', 0, 'user'], '*', 'bots[0].user: must be one Zoom user id or email'),
  row(['bots', 0, 'user'], ['bot@example.com'], 'bots[0].user: must be one Zoom user id or email'),
  row(['bots', 0, 'user'], 'bot @example.com', 'bots[0].user: must be one Zoom user id or email'),
  row(['bots', 1], { name: 'notetaker', token: 'u'.repeat(16), user: 'x@example.com' }, 'bots[1].name: must be unique: bots[0] has the same name'),
  row(['bots', 1], { name: 'recorder', token: 't'.repeat(16), user: 'x@example.com' }, 'bots[1].token: must be unique: bots[0] has the same token'),
  row(['bots', 0, 'token'], 'c'.repeat(16), 'bots[0].token: must not be the same as clients[1].key'),
  row(['bots', 0, 'token'], VALID_LINK_SECRET, 'bots[0].token: must not be the same as links.secret'),

  // log
  row(['log'], 'debug', 'log: must be an object'),
  row(['log', 'level'], 'verbose', 'log.level: must be one of fatal, error, warn, info, debug, trace, silent'),
  row(['log', 'level'], 'INFO', 'log.level: must be one of fatal, error, warn, info, debug, trace, silent'),
  row(['log', 'levle'], 'info', 'log.levle: unknown key (did you mean level?)'),

  // shutdownGraceSeconds
  row(['shutdownGraceSeconds'], -1, 'shutdownGraceSeconds: must be a number of seconds from 0 to 2147483'),
  row(['shutdownGraceSeconds'], 1e9, 'shutdownGraceSeconds: must be a number of seconds from 0 to 2147483'),
  row(['shutdownGraceSeconds'], '30', 'shutdownGraceSeconds: must be a number of seconds from 0 to 2147483 (a JSON number, not a string)'),

  // env: references
  row(['zoom', 'clientSecret'], 'env:ZOOM_SECRET', 'zoom.clientSecret: environment variable ZOOM_SECRET is not set', {}),
  row(['clients', 1, 'key'], 'env:CRM_KEY', 'clients[1].key: environment variable CRM_KEY is not set', { OTHER: 'x' }),
  row(['clients', 1, 'users', 1], 'env:CRM_USER', 'clients[1].users[1]: environment variable CRM_USER is not set', {}),
  row(['links', 'secret'], 'env:LINK_SECRET', 'links.secret: must be at least 32 characters', { LINK_SECRET: '' }),
  row(['zoom', 'accountId'], 'env:ZOOM_ACCOUNT', 'zoom.accountId: must not be empty', { ZOOM_ACCOUNT: '' }),
  row(['listen', 'port'], 'env:LISTEN_PORT', `listen.port: ${PORT_MSG} (a JSON number, not a string)`, { LISTEN_PORT: '8080' }),
  row(['zoom', 'clientId'], 'env:', 'zoom.clientId: "env:" must be followed by an environment variable name (letters, digits and _, not starting with a digit)'),
  row(['zoom', 'clientId'], 'env:1ID', 'zoom.clientId: "env:" must be followed by an environment variable name (letters, digits and _, not starting with a digit)'),

  // PORT
  ['PORT not a number', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: 'http' }],
  ['PORT empty', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '' }],
  ['PORT negative', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '-1' }],
  ['PORT too large', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '65536' }],
  ['PORT fractional', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '80.5' }],
  ['PORT hexadecimal', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '0x50' }],
  ['PORT with a space', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: ' 80' }],
  ['PORT in exponent form', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '8e3' }],
];

describe('parseConfig rejects each broken rule with its one-line message', () => {
  for (const [description, raw, message, env] of rows) {
    test(description, () => {
      assert.throws(
        () => parseConfig(raw, env ?? {}),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
          assert.equal(err.message, message);
          assert.equal(`${err.keyPath}: ${err.problem}`, message);
          assert.doesNotMatch(err.message, /\n/);
          return true;
        },
      );
    });
  }
});

describe('parseConfig accepts what the rules above are close to', () => {
  const accepted: [description: string, raw: unknown][] = [
    ['listen.host 0.0.0.0 with publicUrl', changed(validConfig(), ['listen', 'host'], '0.0.0.0')],
    ['listen.host :: with publicUrl', changed(validConfig(), ['listen', 'host'], '::')],
    ['listen.host 127.0.0.1 without publicUrl', changed(validConfig(), ['publicUrl'], REMOVE)],
    ['listen.host 10.0.0.1 without publicUrl', changed(changed(validConfig(), ['publicUrl'], REMOVE), ['listen', 'host'], '10.0.0.1')],
    ['downloadHosts of real domains', changed(validConfig(), ['zoom', 'downloadHosts'], ['zoom.us', '*.zoom.us', '*.zoomgov.com', 'zoom.co.uk', '*.us06web.zoom.us'])],
    ['downloadHosts with loopback (warned, not refused)', changed(validConfig(), ['zoom', 'downloadHosts'], ['127.0.0.1', 'localhost', '[::1]'])],
    ['a links.secret from openssl rand -base64 48', changed(validConfig(), ['links', 'secret'], 'pQ3vN1c8Yb0Jt+Kz2f6L9wR4sX7mA5dHgE1uI3oT8yCkV2nB6jM0qW4eZ9rU7xS5')],
    ['a links.secret from openssl rand -hex 16', changed(validConfig(), ['links', 'secret'], '3f9a1c7e5b2d8046a1f3c9e7b5d20486')],
    ['keepResponseHeaders in any case', changed(validConfig(), ['passthrough', 'keepResponseHeaders'], ['Set-Cookie', 'STRICT-TRANSPORT-SECURITY'])],
    ['users with an email starting with me', changed(validConfig(), ['clients', 1, 'users'], ['me@example.com', 'meg'])],
  ];
  for (const [description, raw] of accepted) {
    test(description, () => {
      assert.doesNotThrow(() => parseConfig(raw, {}));
    });
  }
});

describe('parseConfig reports only the first problem', () => {
  test('problems are reported in the order of the keys in the contract', () => {
    const raw = changed(changed(validConfig(), ['listen', 'port'], -1), ['links', 'secret'], 'short');
    assert.throws(() => parseConfig(raw, {}), { message: `listen.port: ${PORT_MSG}` });
  });

  test('an unknown key comes before the key it misspells is reported missing', () => {
    const raw = { zoom: { accountID: 'acct', clientId: 'id', clientSecret: 'secret' }, links: { secret: 'l'.repeat(32) } };
    assert.throws(() => parseConfig(raw, {}), { message: 'zoom.accountID: unknown key (did you mean accountId?)' });
  });

  test('rules spanning several keys are checked once each key is valid', () => {
    const raw = changed(changed(validConfig(), ['clients', 1, 'name'], 'scheduler'), ['log', 'level'], 'loud');
    assert.throws(() => parseConfig(raw, {}), { message: 'log.level: must be one of fatal, error, warn, info, debug, trace, silent' });
  });

  test('an unset env: reference is reported before any rule', () => {
    const raw = changed(changed(validConfig(), ['listen', 'port'], -1), ['bots', 0, 'token'], 'env:BOT_TOKEN');
    assert.throws(() => parseConfig(raw, {}), { message: 'bots[0].token: environment variable BOT_TOKEN is not set' });
  });
});
