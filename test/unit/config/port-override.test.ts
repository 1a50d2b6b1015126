import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/config/parse-config.js';
import { readPortOverride } from '../../../src/config/read-port-override.js';
import { validConfig } from '../../helpers/valid-config.js';

test('PORT overrides listen.port', () => {
  assert.equal(parseConfig(validConfig(), { PORT: '3000' }).listen.port, 3000);
});

test('PORT=0 asks for a free port', () => {
  assert.equal(parseConfig(validConfig(), { PORT: '0' }).listen.port, 0);
});

test('PORT overrides the default port too, and leaves listen.host alone', () => {
  const raw = validConfig();
  delete raw['listen'];
  assert.deepEqual(parseConfig(raw, { PORT: '65535' }).listen, { host: '127.0.0.1', port: 65_535, maxHeaderBytes: 16_384 });
});

test('without PORT, listen.port stands', () => {
  assert.equal(parseConfig(validConfig(), {}).listen.port, 8080);
});

test('readPortOverride is undefined when PORT is unset, for demo mode', () => {
  assert.equal(readPortOverride({}), undefined);
  assert.equal(readPortOverride({ PORT: '8081' }), 8081);
  assert.throws(() => readPortOverride({ PORT: 'abc' }), { name: 'ConfigError', keyPath: 'PORT' });
});
