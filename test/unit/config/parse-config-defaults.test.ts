import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, type Config } from '../../../src/config/config.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { changed } from '../../helpers/valid-config.js';

const SECRET = 'defaults-test-secret-5kW8qZ3mR7tY1v';
const PREVIOUS_1 = 'previous-secret-one-8Jd2Lq7Wz4Xc0Nb';
const PREVIOUS_2 = 'previous-secret-two-3Hs9Ke1Vr6Tp5Ym-longer';

const minimal = {
  zoom: { accountId: 'acct', clientId: 'id', clientSecret: 'zoom-secret' },
  links: { secret: SECRET },
};

test('a configuration with only the required keys gets every default', () => {
  const expected: Config = {
    listen: { host: '127.0.0.1', port: 8080, maxHeaderBytes: 16384 },
    publicUrl: undefined,
    zoom: {
      accountId: 'acct',
      clientId: 'id',
      clientSecret: 'zoom-secret',
      oauthUrl: 'https://zoom.us/oauth/token',
      apiUrl: 'https://api.zoom.us/v2',
      webUrl: 'https://zoom.us',
      downloadHosts: ['zoom.us', '*.zoom.us', 'zoomgov.com', '*.zoomgov.com'],
      startHosts: ['zoom.us', '*.zoom.us', 'zoomgov.com', '*.zoomgov.com'],
      timeoutSeconds: DEFAULTS.zoom.timeoutSeconds,
      connections: 32,
    },
    links: { secret: SECRET, previousSecrets: [], startTtlSeconds: 86_400, downloadTtlSeconds: 21_600, startUrls: 'proxy' },
    zak: { cacheSeconds: 300 },
    downloads: {
      idleTimeoutSeconds: 30,
      maxRedirects: 5,
      maxResumes: 3,
      ownerCacheEntries: 20_000,
      ownerCacheSeconds: 86_400,
      connections: 128,
      maxConcurrentPerClient: 32,
      maxConcurrentPerLink: 32,
    },
    passthrough: {
      rewriteMaxBytes: 8_388_608,
      rewriteMaxLinks: 10_000,
      replayMaxBytes: 1_048_576,
      requestMaxBytes: 33_554_432,
      scopeCacheSeconds: 60,
      zakConcurrency: 8,
      connections: 128,
      maxConcurrentPerClient: 64,
      uploadMinBytesPerSecond: 1024,
      keepResponseHeaders: [],
    },
    clients: [],
    bots: [],
    webhooks: { subscribers: [], toleranceSeconds: 5400, deliveryTimeoutSeconds: 10, retryForSeconds: 86_400 },
    log: { level: 'info' },
    shutdownGraceSeconds: 30,
    store: { type: 'memory', keyPrefix: 'zlp:' },
  };
  assert.deepEqual(parseConfig(minimal, {}), expected);
});

test('a section given in part keeps the defaults of the keys left out', () => {
  const config = parseConfig({ ...minimal, listen: { host: '0.0.0.0' }, publicUrl: 'https://proxy.example.com', links: { secret: SECRET, startUrls: 'fresh-zak' } }, {});
  assert.deepEqual(config.listen, { host: '0.0.0.0', port: 8080, maxHeaderBytes: 16384 });
  assert.deepEqual(config.links, { secret: SECRET, previousSecrets: [], startTtlSeconds: 86_400, downloadTtlSeconds: 21_600, startUrls: 'fresh-zak' });
});

test('every key given is kept', () => {
  const raw = {
    listen: { host: '::', port: 0, maxHeaderBytes: 32768 },
    publicUrl: 'https://proxy.example.com/zoom',
    zoom: {
      ...minimal.zoom,
      oauthUrl: 'http://127.0.0.1:9000/oauth/token',
      apiUrl: 'http://127.0.0.1:9000/v2',
      webUrl: 'http://127.0.0.1:9000',
      downloadHosts: ['127.0.0.1', 'localhost', '[::1]'],
      startHosts: ['127.0.0.1', '*.example.com'],
      timeoutSeconds: 0.5,
      connections: 1,
      webhookSecretToken: 'zoom-webhook-secret-token',
    },
    links: { secret: SECRET, previousSecrets: [PREVIOUS_1, PREVIOUS_2], startTtlSeconds: 60, downloadTtlSeconds: 120, startUrls: 'fresh-zak' },
    zak: { cacheSeconds: 0 },
    downloads: {
      idleTimeoutSeconds: 0.5,
      maxRedirects: 1,
      maxResumes: 0,
      ownerCacheEntries: 0,
      ownerCacheSeconds: 1,
      connections: 4096,
      maxConcurrentPerClient: 1,
      maxConcurrentPerLink: 100_000,
    },
    passthrough: {
      rewriteMaxBytes: 1,
      rewriteMaxLinks: 1,
      replayMaxBytes: 0,
      requestMaxBytes: 5,
      scopeCacheSeconds: 0,
      zakConcurrency: 64,
      connections: 2,
      maxConcurrentPerClient: 3,
      uploadMinBytesPerSecond: 0,
      keepResponseHeaders: ['set-cookie', 'strict-transport-security'],
    },
    clients: [{ name: 'app', keys: ['a'.repeat(16), 'A'.repeat(16)], users: ['u1', 'u2@example.com'] }],
    bots: [{ name: 'bot', token: 'b'.repeat(16), user: 'u1' }],
    webhooks: {
      subscribers: [{ name: 'ingester', url: 'https://ingester.example.com/events', secret: `whsec_${'A'.repeat(32)}`, events: ['recording.completed'], accounts: ['default'] }],
      toleranceSeconds: 60,
      deliveryTimeoutSeconds: 2.5,
      retryForSeconds: 3600,
    },
    log: { level: 'silent' },
    shutdownGraceSeconds: 0,
    store: { type: 'redis', url: 'rediss://:pw@redis.internal:6380/2', keyPrefix: 'proxy-a:' },
  };
  assert.deepEqual(parseConfig(raw, {}), raw);
});

test('a client written with one "key" gets it as its only key', () => {
  const config = parseConfig({ ...minimal, clients: [{ name: 'app', key: 'a'.repeat(16), users: ['*'] }] }, {});
  assert.deepEqual(config.clients, [{ name: 'app', keys: ['a'.repeat(16)], users: ['*'] }]);
});

test('base URLs lose their trailing slashes but keep their path; the token endpoint is kept as written', () => {
  const raw = {
    ...minimal,
    publicUrl: 'https://proxy.example.com/zoom/',
    zoom: { ...minimal.zoom, apiUrl: 'https://api.zoom.us/v2//', webUrl: 'https://zoom.us/', oauthUrl: 'https://zoom.us/oauth/token/' },
  };
  const config = parseConfig(raw, {});
  assert.equal(config.publicUrl, 'https://proxy.example.com/zoom');
  assert.equal(config.zoom.apiUrl, 'https://api.zoom.us/v2');
  assert.equal(config.zoom.webUrl, 'https://zoom.us');
  assert.equal(config.zoom.oauthUrl, 'https://zoom.us/oauth/token/');
});

test('download hosts are lowercased', () => {
  const config = parseConfig(changed(minimal, ['zoom', 'downloadHosts'], ['Zoom.US', '*.SSRWEB.Zoom.us']), {});
  assert.deepEqual(config.zoom.downloadHosts, ['zoom.us', '*.ssrweb.zoom.us']);
});

test('start hosts: by default zoom.webUrl\'s host (lowercased, without port) and Zoom\'s web hosts; given ones lowercased', () => {
  const own = parseConfig(changed(minimal, ['zoom', 'webUrl'], 'https://Zoom.Example.com:8443/base'), {});
  assert.deepEqual(own.zoom.startHosts, ['zoom.example.com', 'zoom.us', '*.zoom.us', 'zoomgov.com', '*.zoomgov.com']);
  const gov = parseConfig(changed(minimal, ['zoom', 'webUrl'], 'https://zoomgov.com'), {});
  assert.deepEqual(gov.zoom.startHosts, [...DEFAULTS.zoom.startHosts]);
  const given = parseConfig(changed(minimal, ['zoom', 'startHosts'], ['Acme.Zoom.US', '*.EU01WEB.zoom.us']), {});
  assert.deepEqual(given.zoom.startHosts, ['acme.zoom.us', '*.eu01web.zoom.us']);
});

test('the default download hosts are a fresh copy, not DEFAULTS itself', () => {
  const first = parseConfig(minimal, {});
  first.zoom.downloadHosts.push('evil.example.com');
  assert.deepEqual(parseConfig(minimal, {}).zoom.downloadHosts, [...DEFAULTS.zoom.downloadHosts]);
});

test('the input is not modified', () => {
  const raw = structuredClone(minimal);
  parseConfig(raw, { PORT: '9999' });
  assert.deepEqual(raw, minimal);
});
