import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createZoomPools } from '../../../src/http/zoom-pools.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { validConfig } from '../../helpers/valid-config.js';

const TEST_KEEP_ALIVE = { keepAliveTimeout: 100, keepAliveMaxTimeout: 100 };
type Closable = { closed: boolean; destroyed: boolean };

test('three separate pools per account, built once with its first connections; close() and destroy() end every account\'s (the downloads\' own in download-agents.test.ts)', async () => {
  const config = parseConfig(validConfig(), {});
  const pools = createZoomPools(config, TEST_KEEP_ALIVE);
  const a = pools.of({ name: 'a', connections: 3 });
  const b = pools.of({ name: 'b', connections: 5 });
  assert.equal(new Set([a.own, a.api, a.downloads, b.own, b.api, b.downloads]).size, 6, 'no pool shared by two accounts or two kinds of traffic');
  assert.deepEqual([a.connections, b.connections], [3, 5]);
  assert.equal(pools.of({ name: 'a', connections: 9 }), a, 'a later size changes nothing: the same pools');
  assert.equal(b.downloads.https.maxSockets, config.downloads.connections);
  await pools.close();
  for (const pool of [a.own, a.api, b.own, b.api]) assert.equal((pool as unknown as Closable).closed, true);

  const again = createZoomPools(config, TEST_KEEP_ALIVE);
  const c = again.of({ name: 'c', connections: 1 });
  const d = again.of({ name: 'd', connections: 1 });
  await again.destroy();
  for (const pool of [c.own, c.api, d.own, d.api]) assert.equal((pool as unknown as Closable).destroyed, true);
  assert.equal(d.downloads.http.maxSockets, config.downloads.connections);
});
