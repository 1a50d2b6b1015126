import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.js';
import { formatKeyPath } from '../../../src/config/format-key-path.js';

test('the message is "<key.path>: <what is wrong>"', () => {
  const err = new ConfigError('zoom.clientId', 'required');
  assert.equal(err.message, 'zoom.clientId: required');
  assert.equal(err.keyPath, 'zoom.clientId');
  assert.equal(err.problem, 'required');
  assert.equal(err.name, 'ConfigError');
  assert.ok(err instanceof Error);
});

test('the message stays on one line whatever a file name holds', () => {
  const err = new ConfigError('/tmp/odd\nname.json', 'cannot be read (it does not exist)\r\n');
  assert.equal(err.message, '/tmp/odd name.json: cannot be read (it does not exist)');
});

test('key paths read like the JSON they point into', () => {
  assert.equal(formatKeyPath(['zoom', 'clientId']), 'zoom.clientId');
  assert.equal(formatKeyPath(['clients', 1, 'users']), 'clients[1].users');
  assert.equal(formatKeyPath(['zoom', 'downloadHosts', 0]), 'zoom.downloadHosts[0]');
  assert.equal(formatKeyPath(['zoom', 'a.b']), 'zoom["a.b"]');
  assert.equal(formatKeyPath(['line\nbreak']), '["line\\nbreak"]');
  assert.equal(formatKeyPath([]), '(top level)');
});
