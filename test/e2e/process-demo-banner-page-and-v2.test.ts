import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { spawnProxy } from '../helpers/spawn-proxy.js';

test("the demo banner names the demo page first, and its /v2 curl lines show Zoom's links rewritten", async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'zlp-demo-')); // no config.json here
  const proc = spawnProxy([], { cwd, env: { PORT: '0', ZOOM_PROXY_CONFIG: undefined } });
  try {
    const url = await proc.listening;
    await new Promise((r) => setTimeout(r, 100));
    const banner = proc.stdout().split('\n').filter((line) => !line.startsWith('{')).join('\n');

    // The first address the banner prints is the page a person opens in a browser.
    const first = /https?:\/\/\S+/.exec(banner)?.[0];
    assert.equal(first, `${url}/`, banner);
    const page = await request(first);
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(await page.body.text(), /This is a simulation/);

    // The /v2 lines, run as printed (with the app's key): the passthrough with its rewriting.
    const v2 = [...banner.matchAll(/curl -s -H 'Authorization: Bearer ([^']+)' (http:\/\/\S+\/v2\/\S+)/g)];
    assert.ok(v2.length >= 2, banner);
    const answers = new Map<string, Record<string, unknown>>();
    for (const [, key, target] of v2) {
      const res = await request(target ?? '', { headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.statusCode, 200, `${target} answered ${res.statusCode}`);
      answers.set(new URL(target ?? '').pathname, (await res.body.json()) as Record<string, unknown>);
    }
    const meeting = [...answers].find(([path]) => /^\/v2\/meetings\/\d+$/.test(path))?.[1];
    assert.ok(meeting, 'a GET /v2/meetings/{id} line');
    assert.match(String(meeting['start_url']), new RegExp(`^${url}/start/\\d+\\?acct=commercial&exp=\\d+&sig=`), 'start_url rewritten onto the proxy, naming its account');
    const recordings = answers.get('/v2/users/me/recordings');
    assert.ok(recordings, 'a GET /v2/users/me/recordings line');
    const downloadUrls = JSON.stringify(recordings).match(/"download_url":"[^"]+"/g) ?? [];
    assert.ok(downloadUrls.length > 0);
    for (const d of downloadUrls) assert.ok(d.startsWith(`"download_url":"${url}/download/`), d);
  } finally {
    proc.child.kill('SIGTERM');
  }
  const { code } = await proc.exited;
  assert.equal(code, 0);
});
