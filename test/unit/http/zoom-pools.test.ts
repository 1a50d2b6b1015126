import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS } from '../../../src/config/config.js';
import { createZoomPools } from '../../../src/http/zoom-pools.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { validConfig } from '../../helpers/valid-config.js';

test('three separate pools, and close() and destroy() end all three (the downloads\' own in download-agents.test.ts)', async () => {
  const config = parseConfig(validConfig(), {});
  assert.equal(config.zoom.connections, DEFAULTS.zoom.connections);
  const pools = createZoomPools(config, { keepAliveTimeout: 100, keepAliveMaxTimeout: 100 });
  assert.equal(new Set([pools.own, pools.api, pools.downloads]).size, 3);
  await pools.close();
  for (const pool of [pools.own, pools.api]) assert.equal((pool as unknown as { closed: boolean }).closed, true);
  const again = createZoomPools(config, { keepAliveTimeout: 100, keepAliveMaxTimeout: 100 });
  await again.destroy();
  for (const pool of [again.own, again.api]) assert.equal((pool as unknown as { destroyed: boolean }).destroyed, true);
  assert.equal(again.downloads.http.maxSockets, config.downloads.connections);
  assert.equal(again.downloads.https.maxSockets, config.downloads.connections);
});
