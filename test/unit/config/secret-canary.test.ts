import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { inspect } from 'node:util';
import { loadConfigFile } from '../../../src/config/load-config.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { changed, validConfig } from '../../helpers/valid-config.js';

/**
 * A secret written wrongly must never be printed back: every way a secret key can fail is tried with
 * canary values, and neither the message nor anything else the error carries may contain them.
 */

const CANARY = 'CANARY-c4n4ry';
const LONG_CANARY = `${CANARY}-${'q'.repeat(40)}`;

const dir = mkdtempSync(join(tmpdir(), 'zlp-canary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const cases: [string, () => unknown][] = [
  ['links.secret too short', () => parseConfig(changed(validConfig(), ['links', 'secret'], CANARY), {})],
  ['links.secret with a leading space', () => parseConfig(changed(validConfig(), ['links', 'secret'], ` ${LONG_CANARY}`), {})],
  ['links.secret not a string', () => parseConfig(changed(validConfig(), ['links', 'secret'], { value: LONG_CANARY }), {})],
  ['links.secret from an env var, too short', () => parseConfig(changed(validConfig(), ['links', 'secret'], 'env:LINK_SECRET'), { LINK_SECRET: CANARY })],
  ['links.secret with an invalid env: name', () => parseConfig(changed(validConfig(), ['links', 'secret'], `env:${LONG_CANARY}`), {})],
  ['links.secret guessable (a piece repeated)', () => parseConfig(changed(validConfig(), ['links', 'secret'], CANARY.repeat(3)), {})],
  ['links.secret under a misspelt key', () => parseConfig(changed(validConfig(), ['links', 'secrett'], LONG_CANARY), {})],
  ['zoom.clientSecret with a trailing line break', () => parseConfig(changed(validConfig(), ['zoom', 'clientSecret'], `${LONG_CANARY}\n`), {})],
  ['zoom.clientSecret as a list', () => parseConfig(changed(validConfig(), ['zoom', 'clientSecret'], [LONG_CANARY]), {})],
  [
    'a client key equal to zoom.clientSecret',
    () => parseConfig(changed(changed(validConfig(), ['zoom', 'clientSecret'], LONG_CANARY), ['clients', 0, 'key'], LONG_CANARY), {}),
  ],
  ['a client key too short', () => parseConfig(changed(validConfig(), ['clients', 0, 'key'], CANARY), {})],
  ['two clients with the same key', () => parseConfig(changed(changed(validConfig(), ['clients', 0, 'key'], LONG_CANARY), ['clients', 1, 'key'], LONG_CANARY), {})],
  ['a client key equal to links.secret', () => parseConfig(changed(changed(validConfig(), ['links', 'secret'], LONG_CANARY), ['clients', 1, 'key'], LONG_CANARY), {})],
  ['a bot token too short', () => parseConfig(changed(validConfig(), ['bots', 0, 'token'], CANARY), {})],
  ['a bot token equal to a client key', () => parseConfig(changed(changed(validConfig(), ['clients', 1, 'key'], LONG_CANARY), ['bots', 0, 'token'], LONG_CANARY), {})],
  [
    'two bots with the same token',
    () => parseConfig(changed(changed(validConfig(), ['bots', 0, 'token'], LONG_CANARY), ['bots', 1], { name: 'b2', token: LONG_CANARY, user: 'u' }), {}),
  ],
  ['links.previousSecrets[0] too short', () => parseConfig(changed(validConfig(), ['links', 'previousSecrets'], [CANARY]), {})],
  ['links.previousSecrets as a string', () => parseConfig(changed(validConfig(), ['links', 'previousSecrets'], LONG_CANARY), {})],
  ['links.previousSecrets repeating links.secret', () => parseConfig(changed(changed(validConfig(), ['links', 'secret'], LONG_CANARY), ['links', 'previousSecrets'], [LONG_CANARY]), {})],
  ['links.previousSecrets repeated', () => parseConfig(changed(validConfig(), ['links', 'previousSecrets'], [LONG_CANARY, LONG_CANARY]), {})],
  ['a client key equal to a previous link secret', () => parseConfig(changed(changed(validConfig(), ['links', 'previousSecrets'], [LONG_CANARY]), ['clients', 1, 'key'], LONG_CANARY), {})],
  ['clients[].keys with a short key', () => parseConfig(changed(validConfig(), ['clients', 1], { name: 'crm', keys: [LONG_CANARY, CANARY], users: ['*'] }), {})],
  ['clients[].keys as a string', () => parseConfig(changed(validConfig(), ['clients', 1], { name: 'crm', keys: LONG_CANARY, users: ['*'] }), {})],
  ['clients[].keys repeating a key', () => parseConfig(changed(validConfig(), ['clients', 1], { name: 'crm', keys: [LONG_CANARY, LONG_CANARY], users: ['*'] }), {})],
  ['clients[].keys beside key', () => parseConfig(changed(validConfig(), ['clients', 1, 'keys'], [LONG_CANARY]), {})],
  ['zoom.webhookSecretToken with a trailing line break', () => parseConfig(changed(validConfig(), ['zoom', 'webhookSecretToken'], `${LONG_CANARY}\n`), {})],
  ['zoom.webhookSecretToken as a list', () => parseConfig(changed(validConfig(), ['zoom', 'webhookSecretToken'], [LONG_CANARY]), {})],
  [
    'a subscriber secret without whsec_',
    () => parseConfig(changed(validConfig(), ['webhooks', 'subscribers'], [{ name: 'a', url: 'https://a.example.com/', secret: LONG_CANARY, events: ['*'] }]), {}),
  ],
  [
    'a subscriber secret whose key is too short',
    () => parseConfig(changed(validConfig(), ['webhooks', 'subscribers'], [{ name: 'a', url: 'https://a.example.com/', secret: `whsec_${CANARY}`, events: ['*'] }]), {}),
  ],
  ['a secret pasted into a subscriber url', () => parseConfig(changed(validConfig(), ['webhooks', 'subscribers'], [{ name: 'a', url: LONG_CANARY, secret: 'x', events: ['*'] }]), {})],
  ['a secret pasted into links.startUrls', () => parseConfig(changed(validConfig(), ['links', 'startUrls'], LONG_CANARY), {})],
  ['a secret pasted into publicUrl', () => parseConfig(changed(validConfig(), ['publicUrl'], LONG_CANARY), {})],
  ['a secret pasted into a users list', () => parseConfig(changed(validConfig(), ['clients', 1, 'users'], ['*', LONG_CANARY]), {})],
  ['a secret pasted into PORT', () => parseConfig(validConfig(), { PORT: LONG_CANARY })],
  ['an unquoted secret in the file', () => loadConfigFile(file('unquoted.json', `{\n  "links": {\n    "secret": ${LONG_CANARY}\n  }\n}\n`), {})],
  ['a secret before a missing comma', () => loadConfigFile(file('comma.json', `{"links": {"secret": "${LONG_CANARY}" "startUrls": "proxy"}}`), {})],
  ['a secret with a raw line break in the file', () => loadConfigFile(file('newline.json', `{"links": {"secret": "${LONG_CANARY}\n"}}`), {})],
];

for (const [description, run] of cases) {
  test(`no canary in the error: ${description}`, () => {
    let caught: unknown;
    try {
      run();
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof Error, 'expected an error');
    const everything = [caught.message, caught.stack ?? '', inspect(caught, { depth: Infinity, showHidden: true }), JSON.stringify(caught)].join('\n');
    // Any piece is a leak: V8 quotes only ten characters or so around a JSON syntax error.
    assert.doesNotMatch(everything, /CANARY|c4n4ry|qqqq/, `a canary leaked: ${caught.message}`);
  });
}
