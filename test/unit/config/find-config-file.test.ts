import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findConfigFile } from '../../../src/config/load-config.js';
import { messageOf } from '../../helpers/valid-config.js';

const withLocal = mkdtempSync(join(tmpdir(), 'zlp-config-'));
writeFileSync(join(withLocal, 'config.json'), '{}');
const empty = mkdtempSync(join(tmpdir(), 'zlp-config-'));
after(() => {
  rmSync(withLocal, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

/** What main.ts passes: the arguments after the script (`process.argv.slice(2)`); none here. */
const node: string[] = [];

test('--config FILE comes first', () => {
  assert.equal(findConfigFile([...node, '--config', '/etc/zlp.json'], { ZOOM_PROXY_CONFIG: '/env.json' }, withLocal), '/etc/zlp.json');
});

test('--config=FILE works the same', () => {
  assert.equal(findConfigFile([...node, '--config=/etc/zlp.json'], { ZOOM_PROXY_CONFIG: '/env.json' }, withLocal), '/etc/zlp.json');
});

test('a relative --config is taken from the working directory', () => {
  assert.equal(findConfigFile(['--config', 'conf/prod.json'], {}, empty), join(empty, 'conf/prod.json'));
});

test('the last --config wins', () => {
  assert.equal(findConfigFile(['--config', '/a.json', '--config=/b.json'], {}, empty), '/b.json');
});

test('a file named on the command line is returned even if it does not exist: loading it will say so', () => {
  assert.equal(findConfigFile(['--config', join(empty, 'missing.json')], {}, empty), join(empty, 'missing.json'));
});

test('ZOOM_PROXY_CONFIG comes before config.json in the working directory', () => {
  assert.equal(findConfigFile(node, { ZOOM_PROXY_CONFIG: '/env.json' }, withLocal), '/env.json');
  assert.equal(findConfigFile(node, { ZOOM_PROXY_CONFIG: 'rel.json' }, empty), join(empty, 'rel.json'));
});

test('config.json in the working directory is used when it exists', () => {
  assert.equal(findConfigFile(node, {}, withLocal), join(withLocal, 'config.json'));
});

test('no file anywhere means demo mode', () => {
  assert.equal(findConfigFile(node, {}, empty), undefined);
  assert.equal(findConfigFile([], {}, empty), undefined);
});

test('--config without a file name is an error', () => {
  const message = '--config: must be followed by a file name, as in --config /etc/zoom-link-proxy/config.json';
  assert.equal(messageOf(() => findConfigFile([...node, '--config'], {}, withLocal)), message);
  assert.equal(messageOf(() => findConfigFile([...node, '--config='], {}, withLocal)), message);
  assert.equal(messageOf(() => findConfigFile([...node, '--config', '--verbose'], {}, withLocal)), message);
  assert.equal(messageOf(() => findConfigFile([...node, '--config', ''], {}, withLocal)), message);
});

test('ZOOM_PROXY_CONFIG set but empty is an error, not demo mode', () => {
  assert.equal(
    messageOf(() => findConfigFile(node, { ZOOM_PROXY_CONFIG: '' }, empty)),
    'ZOOM_PROXY_CONFIG: is set but empty: set it to a file name or unset it',
  );
});

test('any other argument is an error, not demo mode: a misspelt option, a short one, a bare file name', () => {
  for (const arg of ['--conifg', '-c', '/etc/zlp.json']) {
    assert.match(messageOf(() => findConfigFile([arg, '/etc/zlp.json'], {}, empty)), new RegExp(`^${arg.replace(/[/.-]/g, '\\$&')}: is not an option: the only one is --config FILE \\(through npm: npm start -- --config FILE\\)$`), arg);
  }
});
