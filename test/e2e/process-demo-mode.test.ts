import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { spawnProxy } from '../helpers/spawn-proxy.js';

test('with no configuration it runs the demo: banner, working curl lines, clean exit on SIGTERM', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'zlp-demo-')); // no config.json here
  const proc = spawnProxy([], { cwd, env: { PORT: '0', ZOOM_PROXY_CONFIG: undefined } });
  try {
    const url = await proc.listening;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const out = await proc.printed(/Stop with Ctrl-C/);
    assert.match(out, /DEMO MODE/);
    assert.match(out, /not connected to real Zoom/i);

    // Every curl line in the banner works against the running demo.
    const curls = [...out.matchAll(/curl (?:-\S+ )*'?(http:\/\/[^\s']+)'?/g)].map((m) => m[1] ?? '');
    assert.ok(curls.length >= 3, out);
    for (const target of curls) {
      const res = await request(target); // undici does not follow redirects: a start link answers 302
      await res.body.dump();
      assert.ok([200, 302].includes(res.statusCode), `${target} answered ${res.statusCode}`);
    }
  } finally {
    proc.child.kill('SIGTERM');
  }
  const { code } = await proc.exited;
  assert.equal(code, 0);
});
