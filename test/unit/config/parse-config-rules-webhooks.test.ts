import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/config/parse-config.js';
import { secretsOf } from '../../../src/config/secrets-of.js';
import { URL_MSG, SPACE_MSG, rejectsEveryRow, row, type Row } from '../../helpers/config-rule-rows.js';
import { REMOVE, changed, validConfig } from '../../helpers/valid-config.js';

/** `zoom.webhookSecretToken` and the `webhooks` section: one row per rule. */

/** 32 bytes, as `openssl rand -base64 32` writes them. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4mH9Qw1u2X8=';
const SUBSCRIBER = { name: 'ingester', url: 'https://ingester.example.com/events', secret: SECRET, events: ['recording.completed'] };

function withSubscribers(...subscribers: unknown[]): Record<string, unknown> {
  return changed(validConfig(), ['webhooks', 'subscribers'], subscribers);
}

/** A row changing one key of the first subscriber. */
function subscriberRow(key: string, value: unknown, message: string): Row {
  return [`webhooks.subscribers[0].${key} = ${value === REMOVE ? 'removed' : JSON.stringify(value)}`, changed(withSubscribers(SUBSCRIBER), ['webhooks', 'subscribers', 0, key], value), message];
}

/** The two-account form, with a subscriber limited to `accounts`. */
function listWith(accounts: unknown): Record<string, unknown> {
  const raw = withSubscribers({ ...SUBSCRIBER, accounts });
  const commercial = { name: 'commercial', ...(raw.zoom as object) };
  const gov = { name: 'gov', accountId: 'gov-acct', clientId: 'gov-client', clientSecret: 'gov-zoom-client-secret-value' };
  const clients = (raw.clients as object[]).map((client) => ({ ...client, account: 'commercial' }));
  const bots = (raw.bots as object[]).map((bot) => ({ ...bot, account: 'gov' }));
  return { ...raw, zoom: [commercial, gov], clients, bots };
}

const SECRET_MSG = 'must be "whsec_" followed by the base64 of 24 to 64 random bytes (make one with: echo "whsec_$(openssl rand -base64 32)")';
const EVENTS_MSG = 'must be ["*"] or a non-empty list of Zoom event names such as "recording.completed"';

rejectsEveryRow('webhooks', [
  row(['zoom', 'webhookSecretToken'], '', 'zoom.webhookSecretToken: must not be empty'),
  row(['zoom', 'webhookSecretToken'], ' zoom-secret-token', `zoom.webhookSecretToken: ${SPACE_MSG}`),
  row(['zoom', 'webhookSecretToken'], 42, 'zoom.webhookSecretToken: must be a non-empty string'),
  row(['zoom', 'webhookSecretTokn'], 'x', 'zoom.webhookSecretTokn: unknown key (did you mean webhookSecretToken?)'),
  row(['webhooks'], [], 'webhooks: must be an object'),
  row(['webhooks', 'subscriber'], [], 'webhooks.subscriber: unknown key (did you mean subscribers?)'),
  row(['webhooks', 'subscribers'], {}, 'webhooks.subscribers: must be a list of {"name", "url", "secret", "events"} objects'),
  row(['webhooks', 'subscribers'], ['x'], 'webhooks.subscribers[0]: must be an object with "name", "url", "secret" and "events"'),
  row(['webhooks', 'toleranceSeconds'], 0, 'webhooks.toleranceSeconds: must be a whole number of seconds from 1 to 604800'),
  row(['webhooks', 'toleranceSeconds'], 90.5, 'webhooks.toleranceSeconds: must be a whole number of seconds from 1 to 604800'),
  row(['webhooks', 'toleranceSeconds'], 700_000, 'webhooks.toleranceSeconds: must be a whole number of seconds from 1 to 604800'),
  row(['webhooks', 'deliveryTimeoutSeconds'], 0, 'webhooks.deliveryTimeoutSeconds: must be a number of seconds greater than 0 and at most 600'),
  row(['webhooks', 'deliveryTimeoutSeconds'], '10', 'webhooks.deliveryTimeoutSeconds: must be a number of seconds greater than 0 and at most 600 (a JSON number, not a string)'),
  row(['webhooks', 'retryForSeconds'], -1, 'webhooks.retryForSeconds: must be a whole number of seconds greater than 0 and at most 2147483'),
  subscriberRow('name', REMOVE, 'webhooks.subscribers[0].name: required'),
  subscriberRow('name', '', 'webhooks.subscribers[0].name: must not be empty'),
  subscriberRow('url', REMOVE, 'webhooks.subscribers[0].url: required'),
  subscriberRow('url', 'ftp://ingester.example.com/', `webhooks.subscribers[0].url: ${URL_MSG}`),
  subscriberRow('url', 'ingester.example.com/events', `webhooks.subscribers[0].url: ${URL_MSG}`),
  subscriberRow('url', 'https://ingester.example.com/events#x', 'webhooks.subscribers[0].url: must not have a query (?) or a fragment (#)'),
  subscriberRow('secret', REMOVE, 'webhooks.subscribers[0].secret: required'),
  subscriberRow('secret', SECRET.slice('whsec_'.length), `webhooks.subscribers[0].secret: ${SECRET_MSG}`),
  subscriberRow('secret', 'whsec_not base64!', `webhooks.subscribers[0].secret: ${SECRET_MSG}`),
  subscriberRow('secret', `whsec_${Buffer.alloc(23, 7).toString('base64')}`, `webhooks.subscribers[0].secret: ${SECRET_MSG}`),
  subscriberRow('secret', `whsec_${Buffer.alloc(65, 7).toString('base64')}`, `webhooks.subscribers[0].secret: ${SECRET_MSG}`),
  subscriberRow('secret', `whsec_${Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')}`, `webhooks.subscribers[0].secret: ${SECRET_MSG}`),
  subscriberRow('events', REMOVE, 'webhooks.subscribers[0].events: required'),
  subscriberRow('events', [], `webhooks.subscribers[0].events: ${EVENTS_MSG}`),
  subscriberRow('events', 'recording.completed', `webhooks.subscribers[0].events: ${EVENTS_MSG}`),
  subscriberRow('events', ['*', 'recording.completed'], `webhooks.subscribers[0].events: ${EVENTS_MSG}`),
  subscriberRow('events', ['recording completed'], `webhooks.subscribers[0].events: ${EVENTS_MSG}`),
  subscriberRow('accounts', [], 'webhooks.subscribers[0].accounts: must be a non-empty list of account names'),
  subscriberRow('accounts', ['commercial'], 'webhooks.subscribers[0].accounts[0]: must be "default": zoom is one account'),
  subscriberRow('acounts', ['default'], 'webhooks.subscribers[0].acounts: unknown key (did you mean accounts?)'),
  ['two subscribers with the same name', withSubscribers(SUBSCRIBER, { ...SUBSCRIBER, url: 'https://other.example.com/' }), 'webhooks.subscribers[1].name: must be unique: webhooks.subscribers[0] has the same name'],
  ['(list) a subscriber naming an unknown account', listWith(['gov', 'goverment']), 'webhooks.subscribers[0].accounts[1]: must name one of the accounts in zoom ("commercial", "gov")'],
]);

test('a valid subscriber is kept as written; accounts may name the accounts of either form', () => {
  const one = parseConfig(withSubscribers({ ...SUBSCRIBER, events: ['*'], accounts: ['default'] }), {});
  assert.deepEqual(one.webhooks.subscribers, [{ ...SUBSCRIBER, events: ['*'], accounts: ['default'] }]);
  const list = parseConfig(listWith(['gov', 'commercial']), {});
  assert.deepEqual(list.webhooks.subscribers[0]?.accounts, ['gov', 'commercial']);
});

test('the webhook secret token and every subscriber secret (with and without whsec_) are secrets the logger scrubs', () => {
  const config = parseConfig(changed(withSubscribers(SUBSCRIBER), ['zoom', 'webhookSecretToken'], 'zoom-webhook-secret-token-1'), {});
  const secrets = secretsOf(config);
  assert.ok(secrets.includes('zoom-webhook-secret-token-1'));
  assert.ok(secrets.includes(SECRET));
  assert.ok(secrets.includes(SECRET.slice('whsec_'.length)));
});
