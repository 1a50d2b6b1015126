import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KNOWN_KEYS } from '../../../src/config/config-schema.js';
import { loadConfigFile } from '../../../src/config/load-config.js';
import { messageOf } from '../../helpers/valid-config.js';

// dist/test/unit/config/ -> the repository root.
const EXAMPLE = fileURLToPath(new URL('../../../../config.example.json', import.meta.url));
/** The second example: `zoom` as a list of accounts (commercial and Zoom for Government). */
const ACCOUNTS_EXAMPLE = fileURLToPath(new URL('../../../../config.accounts.example.json', import.meta.url));

/** The variables config.example.json refers to, with values that pass its rules. */
const EXAMPLE_ENV = {
  ZOOM_ACCOUNT_ID: 'AbCdEfGhIjKlMnOpQrStUv',
  ZOOM_CLIENT_ID: 'zYxWvUtSrQpOnMlKjIhG',
  ZOOM_CLIENT_SECRET: 'example-client-secret-0123456789',
  ZOOM_PROXY_LINK_SECRET: 'example-link-secret-0123456789abcdef',
  ZOOM_PROXY_KEY_SCHEDULER: 'example-scheduler-key-0123456789',
  ZOOM_PROXY_KEY_SALES_CRM: 'example-sales-crm-key-0123456789',
  ZOOM_PROXY_BOT_TOKEN_NOTETAKER: 'example-notetaker-token-0123456789',
  ZOOM_WEBHOOK_SECRET_TOKEN: 'example-webhook-secret-token',
  ZOOM_PROXY_WEBHOOK_SECRET_INGESTER: `whsec_${Buffer.alloc(32, 'example-ingester').toString('base64')}`,
};

test('config.example.json parses once its environment variables are set', () => {
  const config = loadConfigFile(EXAMPLE, EXAMPLE_ENV);
  assert.equal(config.zoom.clientSecret, EXAMPLE_ENV.ZOOM_CLIENT_SECRET);
  assert.equal(config.links.secret, EXAMPLE_ENV.ZOOM_PROXY_LINK_SECRET);
  assert.deepEqual(
    config.clients.map((client) => client.keys),
    [[EXAMPLE_ENV.ZOOM_PROXY_KEY_SCHEDULER], [EXAMPLE_ENV.ZOOM_PROXY_KEY_SALES_CRM]],
  );
  assert.equal(config.bots[0]?.token, EXAMPLE_ENV.ZOOM_PROXY_BOT_TOKEN_NOTETAKER);
});

test('config.example.json says which variable is missing', () => {
  const env: Record<string, string> = { ...EXAMPLE_ENV };
  delete env['ZOOM_CLIENT_SECRET'];
  assert.equal(messageOf(() => loadConfigFile(EXAMPLE, env)), 'zoom.clientSecret: environment variable ZOOM_CLIENT_SECRET is not set');
});

test('config.accounts.example.json parses once its environment variables are set: two accounts, each client and bot with its own', () => {
  const env = {
    ...EXAMPLE_ENV,
    ZOOM_GOV_ACCOUNT_ID: 'GoVaCcOuNtIdExAmPlE0001',
    ZOOM_GOV_CLIENT_ID: 'gOvClIeNtIdExAmPlE01',
    ZOOM_GOV_CLIENT_SECRET: 'example-gov-client-secret-0123456789',
    ZOOM_PROXY_KEY_AGENCY_PORTAL: 'example-agency-portal-key-0123456789',
    ZOOM_PROXY_BOT_TOKEN_GOV_NOTETAKER: 'example-gov-notetaker-token-0123456789',
    ZOOM_GOV_WEBHOOK_SECRET_TOKEN: 'example-gov-webhook-secret-token',
    ZOOM_PROXY_WEBHOOK_SECRET_GOV_ARCHIVE: `whsec_${Buffer.alloc(32, 'example-gov-archive').toString('base64')}`,
    ZOOM_PROXY_REDIS_URL: 'rediss://proxy:example-redis-password@redis.internal:6380',
  };
  const config = loadConfigFile(ACCOUNTS_EXAMPLE, env);
  assert.deepEqual(config.accounts?.map((account) => [account.name, account.apiUrl]), [
    ['commercial', 'https://api.zoom.us/v2'],
    ['gov', 'https://api.zoomgov.com/v2'],
  ]);
  assert.deepEqual([...config.clients, ...config.bots].map((who) => who.account), ['commercial', 'gov', 'commercial', 'gov']);
  assert.deepEqual(config.store, { type: 'redis', url: env.ZOOM_PROXY_REDIS_URL, keyPrefix: 'zlp:' });
});

test('config.example.json (and config.accounts.example.json, for the list form) shows every key', () => {
  const shown = new Map<string, Set<string>>();
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, `${path}[]`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        shown.set(path, (shown.get(path) ?? new Set()).add(key));
        walk(item, path === '' ? key : `${path}.${key}`);
      }
    }
  };
  for (const file of [EXAMPLE, ACCOUNTS_EXAMPLE]) walk(JSON.parse(readFileSync(file, 'utf8')), '');
  for (const [path, keys] of KNOWN_KEYS) {
    assert.deepEqual([...(shown.get(path) ?? [])].sort(), [...keys].sort(), `keys shown at ${path === '' ? 'the top level' : path}`);
  }
});

test('config.example.json keeps every secret in the environment', () => {
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
    zoom: { clientSecret: string; webhookSecretToken: string };
    links: { secret: string; previousSecrets: string[] };
    clients: { key?: string; keys?: string[] }[];
    bots: { token: string }[];
    webhooks: { subscribers: { secret: string }[] };
  };
  const secrets = [
    example.zoom.clientSecret,
    example.links.secret,
    ...example.links.previousSecrets,
    ...example.clients.flatMap((c) => c.keys ?? [c.key ?? '']),
    ...example.bots.map((b) => b.token),
    example.zoom.webhookSecretToken,
    ...example.webhooks.subscribers.map((s) => s.secret),
  ];
  for (const secret of secrets) assert.match(secret, /^env:[A-Z_]+$/);
});
