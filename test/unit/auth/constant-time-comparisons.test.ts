import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { after, mock, test } from 'node:test';
import { createAuthenticator } from '../../../src/auth/authenticate.js';
import { createLinkSigner } from '../../../src/links/link-signer.js';

/**
 * Keys, bot tokens and link signatures are compared in constant time. Timing itself cannot be
 * asserted on a shared machine, so this watches the comparison instead: it goes through
 * crypto.timingSafeEqual (spied on, still called through) over inputs of one fixed length, the same
 * number of times whether the secret presented is right, wrong, short or absurdly long, and whether
 * it matches the first configured entry or none.
 */
const spy = mock.method(crypto, 'timingSafeEqual');
syncBuiltinESMExports(); // the modules' named imports now reach the spy
after(() => {
  mock.restoreAll();
  syncBuiltinESMExports();
});

/** The lengths of the buffers compared by each timingSafeEqual call `fn` makes. */
function comparisons(fn: () => unknown): number[][] {
  spy.mock.resetCalls();
  try {
    fn();
  } catch {
    // a refusal (401) is fine: what matters is how it was reached
  }
  return spy.mock.calls.map((c) => c.arguments.map((b) => (b as Buffer).length));
}

test('client keys and bot tokens: every configured entry compared, over one width (the longest secret), whatever is presented', () => {
  const clients = ['a', 'b', 'c'].map((n) => ({ name: n, keys: [`client-key-${n}-0123456789`], users: ['*'] }));
  const bots = [{ name: 'bot', token: 'bot-token-0123456789abcdef', user: 'u' }, { name: 'bot2', token: 'bot-token-2-0123456789abcd', user: 'u' }];
  const auth = createAuthenticator(clients, bots);
  const asClient = (key: string) => () => auth.client({ headers: { authorization: `Bearer ${key}` } } as never);
  for (const presented of ['client-key-a-0123456789', 'client-key-c-0123456789', 'client-key-a-012345678X', 'x', 'k'.repeat(8000)]) {
    assert.deepEqual(comparisons(asClient(presented)), [[23, 23], [23, 23], [23, 23]], presented.slice(0, 30));
  }
  const asBot = (token: string) => () => auth.bot({ headers: {}, query: { token } } as never);
  for (const presented of ['bot-token-0123456789abcdef', 'bot-token-0123456789abcdeX', 'y']) {
    assert.deepEqual(comparisons(asBot(presented)), [[26, 26], [26, 26]], presented);
  }
});

test('link signatures: one comparison of the full MAC, for a right and a wrong signature alike', () => {
  const signer = createLinkSigner('a-link-secret-of-at-least-32-characters', () => 0);
  const { exp, sig } = signer.sign('start', '123', 600);
  const wrong = `${sig.slice(0, 42)}${sig[42] === 'A' ? 'E' : 'A'}`;
  for (const candidate of [sig, wrong, `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`]) {
    assert.deepEqual(comparisons(() => signer.verify('start', '123', String(exp), candidate)), [[32, 32]]);
  }
});

test('a client with several keys (a key change): every key of every client compared, whichever one is presented', () => {
  const clients = [
    { name: 'a', keys: ['client-key-a-old-0123456789', 'client-key-a-new-0123456789'], users: ['*'] },
    { name: 'b', keys: ['client-key-b-0123456789'], users: ['*'] },
  ];
  const auth = createAuthenticator(clients, []);
  const asClient = (key: string) => () => auth.client({ headers: { authorization: `Bearer ${key}` } } as never);
  for (const presented of ['client-key-a-old-0123456789', 'client-key-a-new-0123456789', 'client-key-b-0123456789', 'client-key-a-new-012345678X', 'x']) {
    assert.deepEqual(comparisons(asClient(presented)), [[27, 27], [27, 27], [27, 27]], presented);
  }
});

test('link signatures with previous secrets: the current secret first (one comparison), then one full comparison per previous secret', () => {
  const previous = ['an-older-link-secret-of-32-characters-1', 'the-oldest-link-secret-of-32-characters'];
  const signer = createLinkSigner('the-current-link-secret-of-32-characters', () => 0, previous);
  const now = signer.sign('start', '123', 600);
  assert.deepEqual(comparisons(() => signer.verify('start', '123', String(now.exp), now.sig)), [[32, 32]]);
  const oldest = createLinkSigner(previous[1] as string, () => 0).sign('start', '123', 600);
  assert.deepEqual(comparisons(() => signer.verify('start', '123', String(oldest.exp), oldest.sig)), [[32, 32], [32, 32], [32, 32]]);
  const forged = `${now.sig[0] === 'A' ? 'B' : 'A'}${now.sig.slice(1)}`;
  assert.deepEqual(comparisons(() => signer.verify('start', '123', String(now.exp), forged)), [[32, 32], [32, 32], [32, 32]]);
});
