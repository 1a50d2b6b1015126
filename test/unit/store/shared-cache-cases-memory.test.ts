import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../src/clock.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { SHARED_CACHE_CASES } from '../../helpers/shared-cache-cases.js';

test('the memory store passes every SharedCache case', async (t) => {
  const store = createMemoryStore(systemClock);
  assert.equal(store.health(), 'ok');
  for (const [i, { name, run }] of SHARED_CACHE_CASES.entries()) await t.test(name, () => run(store, `account-${i}`));
});
