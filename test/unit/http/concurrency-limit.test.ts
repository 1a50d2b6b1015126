import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import { ProxyError } from '../../../src/errors.js';
import { createConcurrencyLimit } from '../../../src/http/concurrency-limit.js';

/** Only 'close' is used: a response is counted until it closes. */
const response = (): ServerResponse & EventEmitter => new EventEmitter() as ServerResponse & EventEmitter;

test('each key may have `max` under way; one more is 429 too_many_requests with Retry-After and the sentence given', () => {
  const limit = createConcurrencyLimit(2, 'Too many for passthrough.maxConcurrentPerClient.', 3);
  const a1 = response();
  limit.enter('a', a1);
  limit.enter('a', response());
  limit.enter('b', response()); // another key is not held back
  assert.throws(
    () => limit.enter('a', response()),
    (err: unknown) => err instanceof ProxyError && err.status === 429 && err.code === 'too_many_requests' && err.headers['retry-after'] === '3' && err.message === 'Too many for passthrough.maxConcurrentPerClient.',
  );
  a1.emit('close');
  limit.enter('a', response()); // a slot freed
  assert.equal(limit.count('a'), 2);
});

test('a key whose requests all closed leaves nothing behind', () => {
  const limit = createConcurrencyLimit(1, 'x', 1);
  const res = response();
  limit.enter('k', res);
  res.emit('close');
  res.emit('close'); // counted once, released once
  assert.equal(limit.count('k'), 0);
  limit.enter('k', response());
  assert.equal(limit.count('k'), 1);
});
