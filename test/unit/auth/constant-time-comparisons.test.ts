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
  const clients = ['a', 'b', 'c'].map((n) => ({ name: n, key: `client-key-${n}-0123456789`, users: ['*'] }));
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
