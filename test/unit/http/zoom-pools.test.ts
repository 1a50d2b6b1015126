import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS } from '../../../src/config/config.js';
import { createZoomPools } from '../../../src/http/zoom-pools.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { validConfig } from '../../helpers/valid-config.js';

test('three separate pools, and close() and destroy() end all three', async () => {
  const config = parseConfig(validConfig(), {});
  assert.equal(config.zoom.connections, DEFAULTS.zoom.connections);
  const pools = createZoomPools(config, { keepAliveTimeout: 100, keepAliveMaxTimeout: 100 });
  assert.equal(new Set([pools.own, pools.api, pools.downloads]).size, 3);
  await pools.close();
  for (const pool of [pools.own, pools.api, pools.downloads]) assert.equal((pool as unknown as { closed: boolean }).closed, true);
  const again = createZoomPools(config, { keepAliveTimeout: 100, keepAliveMaxTimeout: 100 });
  await again.destroy();
  for (const pool of [again.own, again.api, again.downloads]) assert.equal((pool as unknown as { destroyed: boolean }).destroyed, true);
});
