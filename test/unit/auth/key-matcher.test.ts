import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearerOf, createKeyMatcher } from '../../../src/auth/key-matcher.js';

const match = createKeyMatcher([{ name: 'a', key: 'key-aaaaaaaaaaaaaaaa' }, { name: 'b', key: 'key-bbbbbbbbbbbbbbbb' }], (e) => e.key);

test('finds the entry whose key is presented, and nothing for a near miss', () => {
  assert.equal(match('key-bbbbbbbbbbbbbbbb')?.name, 'b');
  assert.equal(match('key-aaaaaaaaaaaaaaaa')?.name, 'a');
  for (const miss of ['key-aaaaaaaaaaaaaaa', 'key-aaaaaaaaaaaaaaaaa', 'KEY-aaaaaaaaaaaaaaaa', '', undefined]) {
    assert.equal(match(miss), undefined, String(miss));
  }
});

test('reads only a well-formed Bearer credential', () => {
  assert.equal(bearerOf('Bearer abc'), 'abc');
  assert.equal(bearerOf('bearer  abc '), 'abc');
  assert.equal(bearerOf('Basic abc'), undefined);
  assert.equal(bearerOf('Bearer'), undefined);
  assert.equal(bearerOf('Bearer a b'), undefined);
  assert.equal(bearerOf(undefined), undefined);
});
