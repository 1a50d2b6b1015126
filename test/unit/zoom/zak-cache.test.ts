import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { createZakCache, type ZakCacheOptions } from '../../../src/zoom/zak-cache.js';
import { createManualClock, type ManualClock } from '../../helpers/manual-clock.js';

const ACCOUNT = 'default/test';

/** A ZAK cache on a memory store of its own, unless one is given. */
function zakCache(clock: ManualClock, options: Pick<ZakCacheOptions, 'mint' | 'cacheSeconds' | 'minValiditySeconds'> & Partial<ZakCacheOptions>) {
  return createZakCache({ clock: clock.now, store: createMemoryStore(clock.now), account: ACCOUNT, ...options });
}

/** An unsigned JWT-shaped ZAK whose exp is `expSeconds`: the cache reads only the claims. */
function zakExpiring(expSeconds: number, n: number): string {
  const claims = Buffer.from(JSON.stringify({ uid: 'u', exp: expSeconds, n })).toString('base64url');
  return `eyJhbGciOiJIUzI1NiJ9.${claims}.sig`;
}

test('reuses a ZAK for cacheSeconds, then mints again', async () => {
  const clock = createManualClock(1_700_000_000_000);
  let mints = 0;
  const cache = zakCache(clock, { cacheSeconds: 300, minValiditySeconds: 120, mint: async () => zakExpiring(clock.now() / 1000 + 7200, ++mints) });
  const first = await cache.get('u');
  assert.equal(await cache.get('u'), first);
  clock.advance(299_000);
  assert.equal(await cache.get('u'), first);
  clock.advance(2_000);
  assert.notEqual(await cache.get('u'), first);
  assert.equal(mints, 2);
});

test('never hands out a ZAK with less than the minimum validity left, whatever cacheSeconds says', async () => {
  const clock = createManualClock(1_700_000_000_000);
  let mints = 0;
  // Zoom hands out ZAKs that live 200 s: usable for 80 s before the 120 s margin.
  const cache = zakCache(clock, { cacheSeconds: 3600, minValiditySeconds: 120, mint: async () => zakExpiring(clock.now() / 1000 + 200, ++mints) });
  await cache.get('u');
  clock.advance(81_000);
  const zak = await cache.get('u');
  assert.equal(mints, 2);
  const exp = JSON.parse(Buffer.from(zak.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
  assert.ok(exp.exp * 1000 - clock.now() >= 120_000);
});

test('refuses a freshly minted ZAK that is already too close to expiry', async () => {
  const clock = createManualClock(1_700_000_000_000);
  const cache = zakCache(clock, { cacheSeconds: 300, minValiditySeconds: 120, mint: async () => zakExpiring(clock.now() / 1000 + 60, 1) });
  await assert.rejects(cache.get('u'), /expires too soon/);
});

test('one mint per user however many ask at once; emails are one key whatever their case', async () => {
  const clock = createManualClock();
  let mints = 0;
  const cache = zakCache(clock, {
    cacheSeconds: 300,
    minValiditySeconds: 120,
    mint: async () => {
      mints++;
      await new Promise((r) => setTimeout(r, 20));
      return zakExpiring(clock.now() / 1000 + 7200, mints);
    },
  });
  const zaks = await Promise.all(Array.from({ length: 200 }, (_, i) => cache.get(i % 2 ? 'Alice@Example.com' : 'alice@example.com')));
  assert.equal(mints, 1);
  assert.equal(new Set(zaks).size, 1);
});

test('a failed mint is not cached: the next ask mints again', async () => {
  const clock = createManualClock();
  let calls = 0;
  const cache = zakCache(clock, {
    cacheSeconds: 300,
    minValiditySeconds: 120,
    mint: async () => {
      if (++calls === 1) throw new Error('zoom down');
      return zakExpiring(clock.now() / 1000 + 7200, calls);
    },
  });
  await assert.rejects(cache.get('u'), /zoom down/);
  assert.ok(await cache.get('u'));
  assert.equal(calls, 2);
});

test('a ZAK in the store past its usable time (written on another clock) is not served: a usable one is minted', async () => {
  const clock = createManualClock(1_700_000_000_000);
  const store = createMemoryStore(clock.now);
  let mints = 0;
  const cache = zakCache(clock, { store, cacheSeconds: 3600, minValiditySeconds: 120, mint: async () => zakExpiring(clock.now() / 1000 + 7200, ++mints) });
  // Another replica kept a ZAK for an hour that has 100 s left: less than the minimum validity.
  const stale = zakExpiring(clock.now() / 1000 + 100, 0);
  store.cache({ account: ACCOUNT, kind: 'zak', secret: true, maxEntries: 10 }).set('u', { zak: stale, exp: clock.now() + 100_000 }, 3_600_000);
  const zak = await cache.get('u');
  assert.notEqual(zak, stale);
  assert.equal(mints, 1);
  assert.equal(await cache.get('u'), zak, 'the minted one is kept in its place');
});

test('lookups are counted as hit, miss (this caller minted) or shared (another caller minted)', async () => {
  const clock = createManualClock();
  const seen: string[] = [];
  const cache = zakCache(clock, {
    cacheSeconds: 300,
    minValiditySeconds: 120,
    onLookup: (result) => seen.push(result),
    mint: async () => {
      await new Promise((r) => setTimeout(r, 10));
      return zakExpiring(clock.now() / 1000 + 7200, 1);
    },
  });
  await Promise.all([cache.get('u'), cache.get('u'), cache.get('u')]);
  await cache.get('u');
  assert.deepEqual(seen.sort(), ['hit', 'miss', 'shared', 'shared']);
});

test('cacheSeconds 0: nothing is reused, but concurrent asks share one mint', async () => {
  const clock = createManualClock();
  let mints = 0;
  const cache = zakCache(clock, {
    cacheSeconds: 0,
    minValiditySeconds: 120,
    mint: async () => {
      mints++;
      await new Promise((r) => setTimeout(r, 10));
      return zakExpiring(clock.now() / 1000 + 7200, mints);
    },
  });
  const [a, b] = await Promise.all([cache.get('u'), cache.get('u')]);
  assert.equal(a, b);
  assert.equal(mints, 1);
  assert.notEqual(await cache.get('u'), a);
  assert.equal(mints, 2);
});

test("two accounts on one store never see each other's ZAKs", async () => {
  const clock = createManualClock();
  const store = createMemoryStore(clock.now);
  const mint = (n: number) => async () => zakExpiring(clock.now() / 1000 + 7200, n);
  const a = zakCache(clock, { store, account: 'default/aaaa', cacheSeconds: 300, minValiditySeconds: 120, mint: mint(1) });
  const b = zakCache(clock, { store, account: 'default/bbbb', cacheSeconds: 300, minValiditySeconds: 120, mint: mint(2) });
  assert.notEqual(await a.get('u'), await b.get('u'));
});
