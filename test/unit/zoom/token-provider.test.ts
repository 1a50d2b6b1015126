import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { Store } from '../../../src/store/store.js';
import { createTokenProvider, TOKEN_KEY, type HeldToken } from '../../../src/zoom/token-provider.js';
import { startSimulator, type ZoomSimulator } from '../../../simulator/simulator.js';
import { createManualClock } from '../../helpers/manual-clock.js';
import { eventually } from '../../helpers/passthrough.js';
import { useAgent } from '../../helpers/test-agent.js';

/** The simulator's tokens live an hour; the provider renews in their last five minutes. */
const IN_RENEWAL_WINDOW_MS = 56 * 60_000;
const ACCOUNT = 'default/test';

const clock = createManualClock();
const agent = useAgent();
let sim: ZoomSimulator;
before(async () => {
  sim = await startSimulator({ clock: clock.now, seed: 'empty' });
});
after(() => sim.close());

function provider(store: Store, account = ACCOUNT) {
  return createTokenProvider({ oauthUrl: sim.oauthUrl, ...sim.credentials, dispatcher: agent, clock: clock.now, timeoutMs: 2000, store, account });
}

test('in the renewal window the held token serves at once while one renewal runs in the background; the new token then serves', async () => {
  const tokens = provider(createMemoryStore(clock.now));
  const mints = sim.seen.oauthMints;
  const first = await tokens.getToken();
  assert.equal(await tokens.getToken(), first);
  clock.advance(IN_RENEWAL_WINDOW_MS);
  assert.equal(tokens.tokenNow(), first, 'the held token, still valid, serves');
  assert.equal(tokens.tokenNow(), first);
  await eventually(() => tokens.tokenNow() !== first, 'the renewed token serves');
  assert.equal(sim.seen.oauthMints, mints + 2, 'one renewal, however many asked in the window');
  assert.ok(tokens.hasValidToken());
});

test('two providers on one store share the token and its renewal: one mint each time, whoever asks', async () => {
  const store = createMemoryStore(clock.now);
  const [a, b] = [provider(store), provider(store)];
  const mints = sim.seen.oauthMints;
  const first = await a.getToken();
  assert.equal(await b.getToken(), first, 'the other takes the stored token without minting');
  assert.equal(sim.seen.oauthMints, mints + 1);
  clock.advance(IN_RENEWAL_WINDOW_MS);
  // Both hold `first` and start a renewal replacing it: the store runs one mint for both.
  assert.equal(a.tokenNow(), first);
  assert.equal(b.tokenNow(), first);
  await eventually(() => a.tokenNow() !== first && b.tokenNow() !== first, 'both take the renewed token');
  assert.equal(a.tokenNow(), b.tokenNow());
  assert.equal(sim.seen.oauthMints, mints + 2);
});

test('a token another side put in the store replaces the held one without a mint', async () => {
  const store = createMemoryStore(clock.now);
  const tokens = provider(store);
  const first = await tokens.getToken();
  const mints = sim.seen.oauthMints;
  const newer: HeldToken = { token: 'a-newer-token-minted-elsewhere', expiresAt: clock.now() + 3_600_000 };
  store.cache<HeldToken>({ account: ACCOUNT, kind: 'oauth', secret: true, maxEntries: 1 }).set(TOKEN_KEY, newer, 3_600_000);
  assert.notEqual(first, newer.token);
  assert.equal(await tokens.getToken(), newer.token);
  clock.advance(IN_RENEWAL_WINDOW_MS);
  assert.equal(tokens.tokenNow(), newer.token);
  await eventually(() => tokens.tokenNow() !== newer.token, 'renewed');
  assert.equal(sim.seen.oauthMints, mints + 1, 'the renewal of the newer token is the only mint');
});

test('invalidate is compare-and-delete: the token Zoom refused is dropped once, a newer one is never dropped by a late 124', async () => {
  const tokens = provider(createMemoryStore(clock.now));
  const refused = await tokens.getToken();
  const mints = sim.seen.oauthMints;
  // A burst of 124s for one token: each request drops it and asks again.
  const again = await Promise.all(
    Array.from({ length: 20 }, () => {
      tokens.invalidate(refused);
      return tokens.getToken();
    }),
  );
  assert.equal(new Set(again).size, 1);
  const [renewed] = again;
  assert.notEqual(renewed, refused);
  assert.equal(sim.seen.oauthMints, mints + 1, 'one mint for the whole burst');
  tokens.invalidate(refused);
  assert.equal(tokens.tokenNow(), renewed, 'a late 124 of the old token leaves the new one');
  assert.equal(sim.seen.oauthMints, mints + 1);
  tokens.invalidate(renewed ?? '');
  assert.equal(tokens.tokenNow(), undefined);
  assert.equal(tokens.hasValidToken(), false);
});

test("accounts named apart in one store never share a token", async () => {
  const store = createMemoryStore(clock.now);
  const mints = sim.seen.oauthMints;
  const a = await provider(store, 'default/aaaa').getToken();
  const b = await provider(store, 'default/bbbb').getToken();
  assert.notEqual(a, b);
  assert.equal(sim.seen.oauthMints, mints + 2);
});
