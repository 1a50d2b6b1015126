import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnProxy } from '../helpers/spawn-proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'zlp-config-'));

function configFile(name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

const good = {
  zoom: { accountId: 'a', clientId: 'c', clientSecret: 'env:ZLP_TEST_SECRET' },
  links: { secret: 'CANARY-link-secret-that-is-long-enough-000' },
};

for (const [label, body, env, expected] of [
  ['a missing required key', { ...good, zoom: { accountId: 'a', clientId: 'c' } }, {}, /^config error: zoom\.clientSecret: /],
  ['an unknown key', { ...good, zoom: { ...good.zoom, region: 'eu' } }, { ZLP_TEST_SECRET: 'shh-shh-shh' }, /^config error: zoom\.region: /],
  ['a wrong type', { ...good, listen: { port: '80' } }, { ZLP_TEST_SECRET: 'shh-shh-shh' }, /^config error: listen\.port: /],
  ['an unset env: variable', good, {}, /^config error: zoom\.clientSecret: .*ZLP_TEST_SECRET/],
  ['a bad PORT', good, { ZLP_TEST_SECRET: 'shh-shh-shh', PORT: 'eighty' }, /^config error: PORT: /],
] as const) {
  test(`${label} stops the start: exit 1 after one line on stderr`, async () => {
    const proc = spawnProxy(['--config', configFile(`${label.replace(/\W+/g, '-')}.json`, body)], { env: { ZLP_TEST_SECRET: undefined, PORT: undefined, ...env } });
    const { code } = await proc.exited;
    assert.equal(code, 1);
    const lines = proc.stderr().split('\n').filter((l) => l.length > 0);
    assert.equal(lines.length, 1, proc.stderr());
    assert.match(lines[0] ?? '', expected);
    assert.equal(proc.stdout(), '', 'nothing half-started');
  });
}

test('ZOOM_PROXY_CONFIG names the file when --config does not', async () => {
  const proc = spawnProxy([], { env: { ZOOM_PROXY_CONFIG: configFile('via-env.json', { nope: 1 }) }, cwd: dir });
  assert.equal((await proc.exited).code, 1);
  assert.match(proc.stderr(), /^config error: nope: /);
});

test('a file that is not JSON stops the start with one line', async () => {
  const proc = spawnProxy(['--config', configFile('broken.json', '{"zoom": ')]);
  assert.equal((await proc.exited).code, 1);
  assert.match(proc.stderr(), /^config error: .*JSON/);
  assert.equal(proc.stderr().trim().split('\n').length, 1);
});
