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

test('keys of different lengths: a prefix, a key with its padding spelt out, a longer key and multi-byte keys do not pass for one another', () => {
  const m = createKeyMatcher(
    [{ name: 'short', key: 'key-short-0123' }, { name: 'long', key: 'key-short-0123-and-more' }, { name: 'nul', key: 'key-nul-0000\u0000' }, { name: 'utf8', key: 'clé-ünïcödé-0123' }],
    (e) => e.key,
  );
  assert.equal(m('key-short-0123')?.name, 'short');
  assert.equal(m('key-short-0123-and-more')?.name, 'long');
  assert.equal(m('key-nul-0000\u0000')?.name, 'nul');
  assert.equal(m('clé-ünïcödé-0123')?.name, 'utf8');
  for (const miss of ['key-short-012', 'key-short-0123\u0000', 'key-short-0123-and-mor', 'key-short-0123-and-more!', 'key-nul-0000', 'clé-ünïcödé-012', 'cle-ünïcödé-0123', `key-short-0123-and-more${'x'.repeat(5000)}`]) {
    assert.equal(m(miss), undefined, JSON.stringify(miss.slice(0, 40)));
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

test('an entry with several keys is found by each of them, and by nothing else', () => {
  const m = createKeyMatcher(
    [{ name: 'rotating', keys: ['key-old-aaaaaaaaaaaa', 'key-new-aaaaaaaaaaaa'] }, { name: 'other', keys: ['key-other-bbbbbbbbbb'] }],
    (e) => e.keys,
  );
  assert.equal(m('key-old-aaaaaaaaaaaa')?.name, 'rotating');
  assert.equal(m('key-new-aaaaaaaaaaaa')?.name, 'rotating');
  assert.equal(m('key-other-bbbbbbbbbb')?.name, 'other');
  for (const miss of ['key-old-aaaaaaaaaaa', 'key-new-aaaaaaaaaaaaa', '', undefined]) assert.equal(m(miss), undefined, String(miss));
});
