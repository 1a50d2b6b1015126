import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configWarnings } from '../../../src/config/config-warnings.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { changed, validConfig } from '../../helpers/valid-config.js';

/**
 * Choices that start but are unsafe: one row each, the configuration changed at one key and the
 * warnings it gets (`key.path: problem`). None of them is fatal.
 */

const CLEAR_OAUTH = 'zoom.oauthUrl: is http://, so the OAuth client secret crosses the network in clear text: use https://';
const CLEAR_API = 'zoom.apiUrl: is http://, so Zoom access tokens cross the network in clear text: use https://';
const CLEAR_WEB = 'zoom.webUrl: is http://, so Zoom access tokens (drop-in downloads) cross the network in clear text: use https://';
const LOCAL_HOST = 'is an IP address or localhost: downloads and their redirects may reach this machine or its network; list one only for a local Zoom simulator';

const rows: [path: string[], value: unknown, warnings: string[]][] = [
  [['zoom', 'oauthUrl'], 'http://zoom.us/oauth/token', [CLEAR_OAUTH]],
  [['zoom', 'oauthUrl'], 'HTTP://10.1.2.3:8080/oauth/token', [CLEAR_OAUTH]],
  [['zoom', 'oauthUrl'], 'http://127.0.0.1.nip.io/oauth/token', [CLEAR_OAUTH]],
  [['zoom', 'apiUrl'], 'http://api.zoom.us/v2', [CLEAR_API]],
  [['zoom', 'apiUrl'], 'http://[fd00::1]:9000/v2', [CLEAR_API]],
  [['zoom', 'webUrl'], 'http://zoom.us', [CLEAR_WEB]],
  // Loopback is a simulator on this machine: nothing crosses a network.
  [['zoom', 'oauthUrl'], 'http://127.0.0.1:9000/oauth/token', []],
  [['zoom', 'oauthUrl'], 'http://127.8.9.10/oauth/token', []],
  [['zoom', 'apiUrl'], 'http://localhost:9000/v2', []],
  [['zoom', 'apiUrl'], 'http://[::1]:9000/v2', []],
  [['zoom', 'apiUrl'], 'http://[::ffff:127.0.0.1]:9000/v2', []],
  [['zoom', 'oauthUrl'], 'https://zoom.us/oauth/token', []],
  [['zoom', 'downloadHosts'], ['zoom.us', '127.0.0.1'], [`zoom.downloadHosts[1]: ${LOCAL_HOST}`]],
  [['zoom', 'downloadHosts'], ['[::1]', 'localhost', '*.zoom.us'], [`zoom.downloadHosts[0]: ${LOCAL_HOST}`, `zoom.downloadHosts[1]: ${LOCAL_HOST}`]],
  [['zoom', 'downloadHosts'], ['10.0.0.5'], [`zoom.downloadHosts[0]: ${LOCAL_HOST}`]],
  [['zoom', 'downloadHosts'], ['zoom.us', '*.zoom.us', 'zoomgov.com', '*.zoomgov.com'], []],
];

for (const [path, value, expected] of rows) {
  test(`${path.join('.')} = ${JSON.stringify(value)}: ${expected.length} warning(s)`, () => {
    const config = parseConfig(changed(validConfig(), path, value), {});
    assert.deepEqual(configWarnings(config).map((w) => `${w.keyPath}: ${w.problem}`), expected);
  });
}

test('the valid configuration, with every default URL, gets no warning', () => {
  assert.deepEqual(configWarnings(parseConfig(validConfig(), {})), []);
});
