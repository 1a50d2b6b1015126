import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createZakCache } from '../../../src/zoom/zak-cache.js';
import { createManualClock } from '../../helpers/manual-clock.js';

/** An unsigned JWT-shaped ZAK whose exp is `expSeconds`: the cache reads only the claims. */
function zakExpiring(expSeconds: number, n: number): string {
  const claims = Buffer.from(JSON.stringify({ uid: 'u', exp: expSeconds, n })).toString('base64url');
  return `eyJhbGciOiJIUzI1NiJ9.${claims}.sig`;
}

test('reuses a ZAK for cacheSeconds, then mints again', async () => {
  const clock = createManualClock(1_700_000_000_000);
  let mints = 0;
  const cache = createZakCache({ clock: clock.now, cacheSeconds: 300, minValiditySeconds: 120, mint: async () => zakExpiring(clock.now() / 1000 + 7200, ++mints) });
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
  const cache = createZakCache({ clock: clock.now, cacheSeconds: 3600, minValiditySeconds: 120, mint: async () => zakExpiring(clock.now() / 1000 + 200, ++mints) });
  await cache.get('u');
  clock.advance(81_000);
  const zak = await cache.get('u');
  assert.equal(mints, 2);
  const exp = JSON.parse(Buffer.from(zak.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
  assert.ok(exp.exp * 1000 - clock.now() >= 120_000);
});

test('refuses a freshly minted ZAK that is already too close to expiry', async () => {
  const clock = createManualClock(1_700_000_000_000);
  const cache = createZakCache({ clock: clock.now, cacheSeconds: 300, minValiditySeconds: 120, mint: async () => zakExpiring(clock.now() / 1000 + 60, 1) });
  await assert.rejects(cache.get('u'), /expires too soon/);
});

test('one mint per user however many ask at once; emails are one key whatever their case', async () => {
  const clock = createManualClock();
  let mints = 0;
  const cache = createZakCache({
    clock: clock.now,
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
  const cache = createZakCache({
    clock: clock.now,
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
