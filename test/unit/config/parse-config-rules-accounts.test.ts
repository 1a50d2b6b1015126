import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configWarnings } from '../../../src/config/config-warnings.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { secretsOf } from '../../../src/config/secrets-of.js';
import { rejectsEveryRow, row, type Row } from '../../helpers/config-rule-rows.js';
import { REMOVE, changed, validConfig } from '../../helpers/valid-config.js';

/** `zoom` as a list of named accounts: the rules of names and of `account` on clients and bots, one row each. */

const GOV_SECRET = 'gov-zoom-client-secret-value';

/** The valid configuration with two accounts, every client and bot naming one. */
function listConfig(): Record<string, unknown> {
  const raw = validConfig();
  const commercial = { name: 'commercial', ...(raw.zoom as object) };
  const gov = {
    name: 'gov',
    accountId: 'gov-acct-1234',
    clientId: 'gov-client-id-5678',
    clientSecret: GOV_SECRET,
    oauthUrl: 'https://zoomgov.com/oauth/token',
    apiUrl: 'https://api.zoomgov.com/v2',
    webUrl: 'https://zoomgov.com',
  };
  const clients = (raw.clients as Record<string, unknown>[]).map((client, i) => ({ ...client, account: i === 0 ? 'commercial' : 'gov' }));
  const bots = (raw.bots as Record<string, unknown>[]).map((bot) => ({ ...bot, account: 'gov' }));
  return { ...raw, zoom: [commercial, gov], clients, bots };
}

/** A row changing one key of the two-account configuration. */
function listRow(path: (string | number)[], value: unknown, message: string): Row {
  return [`(list) ${path.join('.')} = ${value === REMOVE ? 'removed' : JSON.stringify(value)}`, changed(listConfig(), path, value), message];
}

const NAME_MSG = 'must be 1 to 32 lower-case letters, digits or "-"';
const KNOWN = '("commercial", "gov")';

rejectsEveryRow('zoom accounts', [
  listRow(['zoom', 1, 'name'], REMOVE, 'zoom[1].name: required'),
  listRow(['zoom', 1, 'name'], 'Gov', `zoom[1].name: ${NAME_MSG}`),
  listRow(['zoom', 1, 'name'], 'gov account', `zoom[1].name: ${NAME_MSG}`),
  listRow(['zoom', 1, 'name'], 'g'.repeat(33), `zoom[1].name: ${NAME_MSG}`),
  listRow(['zoom', 1, 'name'], '', `zoom[1].name: ${NAME_MSG}`),
  listRow(['zoom', 1, 'name'], 'commercial', 'zoom[1].name: must be unique: zoom[0] has the same name'),
  listRow(['zoom', 1, 'clientId'], REMOVE, 'zoom[1].clientId: required'),
  listRow(['zoom', 1, 'clientSecert'], 'x', 'zoom[1].clientSecert: unknown key (did you mean clientSecret?)'),
  listRow(['zoom', 1, 'apiUrl'], 'api.zoomgov.com', 'zoom[1].apiUrl: must be an absolute http:// or https:// URL'),
  listRow(['zoom', 1, 'downloadHosts'], ['com'], 'zoom[1].downloadHosts[0]: must name a domain, not a top-level domain or public suffix such as "com" or "*.co.uk": write "zoom.us" or "*.zoom.us"'),
  listRow(['clients', 0, 'account'], REMOVE, `clients[0].account: required when zoom is a list of accounts: the name of one of them ${KNOWN}`),
  listRow(['clients', 1, 'account'], 'partner', `clients[1].account: must name one of the accounts in zoom ${KNOWN}`),
  listRow(['bots', 0, 'account'], REMOVE, `bots[0].account: required when zoom is a list of accounts: the name of one of them ${KNOWN}`),
  listRow(['bots', 0, 'account'], 'default', `bots[0].account: must name one of the accounts in zoom ${KNOWN}`),
  listRow(['clients', 1, 'key'], GOV_SECRET, 'clients[1].key: must not be the same as zoom[1].clientSecret'),
  listRow(['bots', 0, 'token'], GOV_SECRET, 'bots[0].token: must not be the same as zoom[1].clientSecret'),
  row(['clients', 0, 'account'], 'gov', 'clients[0].account: must be "default" or left out: zoom is one account'),
  row(['bots', 0, 'account'], '', 'bots[0].account: must not be empty'),
]);

test('a list of accounts parses into named accounts, each with its defaults; clients and bots keep their account', () => {
  const config = parseConfig(listConfig(), {});
  assert.deepEqual(config.accounts?.map((a) => [a.name, a.apiUrl, a.webUrl, a.downloadHosts.length > 0, a.startHosts.length > 0]), [
    ['commercial', 'https://api.zoom.us/v2', 'https://zoom.us', true, true],
    ['gov', 'https://api.zoomgov.com/v2', 'https://zoomgov.com', true, true],
  ]);
  assert.equal(config.zoom.clientId, 'client-id-5678', 'zoom is the first account');
  assert.deepEqual(config.clients.map((c) => c.account), ['commercial', 'gov']);
  assert.deepEqual(config.bots.map((b) => b.account), ['gov']);
  assert.ok(secretsOf(config).includes(GOV_SECRET), "every account's client secret is scrubbed from logs");
});

test('one object stays as it was: no accounts list, and an account named "default" may be written', () => {
  const config = parseConfig(changed(validConfig(), ['clients', 0, 'account'], 'default'), {});
  assert.equal(config.accounts, undefined);
  assert.equal(config.clients[0]?.account, 'default');
  assert.equal('account' in (config.clients[1] ?? {}), false);
});

test("each account's warnings name it by its place in the list", () => {
  const raw = changed(changed(listConfig(), ['zoom', 1, 'apiUrl'], 'http://api.zoomgov.example/v2'), ['zoom', 0, 'downloadHosts'], ['zoom.us', '10.0.0.7']);
  const warnings = configWarnings(parseConfig(raw, {})).map((w) => `${w.keyPath}: ${w.problem}`);
  assert.deepEqual(warnings, [
    'zoom[0].downloadHosts[1]: is an IP address or localhost: downloads and their redirects may reach this machine or its network; list one only for a local Zoom simulator',
    'zoom[1].apiUrl: is http://, so Zoom access tokens cross the network in clear text: use https://',
  ]);
});
