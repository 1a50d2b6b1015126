/**
 * Test helpers (not a test): what every SharedCache does, whatever the store. Each case gets a store
 * and an account name of its own (so cases on one Redis never share a key).
 */
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import { sleep } from './redis-stores.js';

export interface SharedCacheCase {
  name: string;
  run: (store: Store, account: string) => Promise<void>;
}

const options = (account: string, secret = true) => ({ account, kind: 'case', secret, maxEntries: 100 });

/** A produce that counts its calls and answers `value-{n}`. */
function counting(ttlMs = 60_000): { produce: () => Promise<{ value: string; ttlMs: number }>; calls: () => number } {
  let calls = 0;
  return {
    produce: async () => {
      calls += 1;
      await sleep(10);
      return { value: `value-${calls}`, ttlMs };
    },
    calls: () => calls,
  };
}

export const SHARED_CACHE_CASES: readonly SharedCacheCase[] = [
  {
    name: 'concurrent gets of a cold key run produce once and all get its value; then it is held',
    async run(store, account) {
      const cache = store.cache<string>(options(account));
      const { produce, calls } = counting();
      const values = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', produce)));
      assert.deepEqual(new Set(values), new Set(['value-1']));
      assert.equal(calls(), 1);
      assert.equal(cache.peek('k'), 'value-1');
      assert.equal(await cache.get('k', produce), 'value-1');
      assert.equal(calls(), 1);
    },
  },
  {
    name: 'a failed produce is not kept: the next get produces again',
    async run(store, account) {
      const cache = store.cache<string>(options(account));
      await assert.rejects(cache.get('k', () => Promise.reject(new Error('zoom said no'))), /zoom said no/);
      const { produce, calls } = counting();
      assert.equal(await cache.get('k', produce), 'value-1');
      assert.equal(calls(), 1);
    },
  },
  {
    name: 'replacing the value held produces a new one; replacing another value takes the one held',
    async run(store, account) {
      const cache = store.cache<string>(options(account));
      const { produce, calls } = counting();
      assert.equal(await cache.get('k', produce), 'value-1');
      assert.equal(await cache.get('k', produce, 'value-0'), 'value-1');
      assert.equal(calls(), 1);
      assert.equal(await cache.get('k', produce, 'value-1'), 'value-2');
      assert.equal(calls(), 2);
      assert.equal(cache.peek('k'), 'value-2');
    },
  },
  {
    name: 'drop with another value keeps the key; drop with its value or none forgets it',
    async run(store, account) {
      const cache = store.cache<string>(options(account));
      const { produce, calls } = counting();
      await cache.get('k', produce);
      cache.drop('k', 'value-0');
      assert.equal(cache.peek('k'), 'value-1');
      cache.drop('k', 'value-1');
      assert.equal(cache.peek('k'), undefined);
      assert.equal(await cache.get('k', produce), 'value-2');
      cache.drop('k');
      assert.equal(cache.peek('k'), undefined);
      assert.equal(calls(), 2);
    },
  },
  {
    name: 'set keeps a value that read, peek and get return; read of an unknown key is undefined',
    async run(store, account) {
      const cache = store.cache<{ owner: string }>(options(account, false));
      cache.set('file', { owner: 'alice' }, 60_000);
      assert.deepEqual(cache.peek('file'), { owner: 'alice' });
      assert.deepEqual(await cache.read('file'), { owner: 'alice' });
      assert.deepEqual(await cache.get('file', () => Promise.reject(new Error('not called'))), { owner: 'alice' });
      assert.equal(await cache.read('other'), undefined);
    },
  },
  {
    name: 'a value is held for its TTL only; a TTL of 0 is not kept',
    async run(store, account) {
      const cache = store.cache<string>(options(account));
      const short = counting(80);
      assert.equal(await cache.get('k', short.produce), 'value-1');
      await sleep(150);
      assert.equal(cache.peek('k'), undefined);
      assert.equal(await cache.get('k', short.produce), 'value-2');
      const none = counting(0);
      assert.equal(await cache.get('z', none.produce), 'value-1');
      assert.equal(await cache.get('z', none.produce), 'value-2');
    },
  },
  {
    name: 'the same options give the same cache; another account or kind another one',
    async run(store, account) {
      const cache = store.cache<string>(options(account));
      cache.set('k', 'mine', 60_000);
      assert.equal(store.cache<string>(options(account)).peek('k'), 'mine');
      assert.equal(await store.cache<string>(options(`${account}-other`)).read('k'), undefined);
      assert.equal(await store.cache<string>({ ...options(account), kind: 'other' }).read('k'), undefined);
    },
  },
];
