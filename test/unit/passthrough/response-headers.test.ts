import assert from 'node:assert/strict';
import { test } from 'node:test';
import { responseHeaders } from '../../../src/passthrough/response-headers.js';
import { connectionListed, connectionListedIn } from '../../../src/http/hop-headers.js';

test('responseHeaders keeps order, spelling and duplicates; drops hop-by-hop, Connection-named and asked-for fields', () => {
  const raw = [
    'Content-Type', 'application/json',
    'Connection', 'keep-alive, X-Private',
    'X-Private', 'p',
    'Set-Cookie', 'a=1',
    'Transfer-Encoding', 'chunked',
    'Set-Cookie', 'b=2',
    'Content-Length', '10',
    'Keep-Alive', 'timeout=5',
    'X-Zm-Trackingid', 't',
  ];
  assert.deepEqual(responseHeaders(raw), ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', '10', 'X-Zm-Trackingid', 't']);
  assert.deepEqual(responseHeaders(raw, new Set(['content-length'])), ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'X-Zm-Trackingid', 't']);
});

test('connectionListed reads every token of one or several Connection fields', () => {
  assert.deepEqual(connectionListed(undefined), []);
  assert.deepEqual(connectionListed(' Keep-Alive ,, X-A'), ['keep-alive', 'x-a']);
  assert.deepEqual(connectionListed(['close', 'X-B']), ['close', 'x-b']);
});

test('connectionListedIn: the names beyond hop-by-hop ones, from every Connection field in any spelling; none for keep-alive or close', () => {
  assert.equal(connectionListedIn(['Connection', 'keep-alive', 'Host', 'x']), undefined);
  assert.equal(connectionListedIn(['connection', ' Close ']), undefined);
  assert.deepEqual(connectionListedIn(['CONNECTION', 'keep-alive, X-A', 'Accept', '*/*', 'Connection', 'TE, x-b']), ['x-a', 'x-b']);
  assert.equal(connectionListedIn(['Connexion', 'X-A']), undefined);
});
