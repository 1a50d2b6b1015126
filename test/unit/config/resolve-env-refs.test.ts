import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/config/parse-config.js';
import { resolveEnvRefs } from '../../../src/config/resolve-env-refs.js';
import { changed, messageOf, validConfig } from '../../helpers/valid-config.js';

test('env: references are resolved at any depth, in objects and arrays', () => {
  const raw = { a: 'env:A', b: { c: ['x', 'env:C', { d: 'env:D' }] }, n: 1, t: true, z: null };
  const env = { A: 'alpha', C: 'gamma', D: '' };
  assert.deepEqual(resolveEnvRefs(raw, env), { a: 'alpha', b: { c: ['x', 'gamma', { d: '' }] }, n: 1, t: true, z: null });
});

test('the input is not modified', () => {
  const raw = { a: 'env:A', b: ['env:A'] };
  resolveEnvRefs(raw, { A: 'x' });
  assert.deepEqual(raw, { a: 'env:A', b: ['env:A'] });
});

test('a resolved value is not resolved again', () => {
  assert.deepEqual(resolveEnvRefs({ a: 'env:A' }, { A: 'env:B', B: 'b' }), { a: 'env:B' });
});

test('only strings that start with env: are references', () => {
  assert.deepEqual(resolveEnvRefs({ a: 'ENV:A', b: 'x env:A', c: ' env:A' }, {}), { a: 'ENV:A', b: 'x env:A', c: ' env:A' });
});

test('only the environment\'s own variables count, not Object.prototype\'s', () => {
  assert.equal(messageOf(() => resolveEnvRefs({ a: 'env:constructor' }, {})), 'a: environment variable constructor is not set');
});

test('an unset variable names the key path and the variable', () => {
  assert.equal(messageOf(() => resolveEnvRefs({ zoom: { clientSecret: 'env:ZOOM_SECRET' } }, {})), 'zoom.clientSecret: environment variable ZOOM_SECRET is not set');
  assert.equal(messageOf(() => resolveEnvRefs({ clients: [{}, { key: 'env:K' }] }, {})), 'clients[1].key: environment variable K is not set');
});

test('the first unset variable in the file is reported', () => {
  assert.equal(messageOf(() => resolveEnvRefs({ a: 'env:FIRST', b: 'env:SECOND' }, {})), 'a: environment variable FIRST is not set');
});

test('parseConfig uses the resolved values', () => {
  const raw = changed(changed(validConfig(), ['zoom', 'clientSecret'], 'env:ZOOM_CLIENT_SECRET'), ['clients', 1, 'users'], ['env:CRM_USER']);
  const config = parseConfig(raw, { ZOOM_CLIENT_SECRET: 'from-the-environment', CRM_USER: 'carol@example.com' });
  assert.equal(config.zoom.clientSecret, 'from-the-environment');
  assert.deepEqual(config.clients[1]?.users, ['carol@example.com']);
});
