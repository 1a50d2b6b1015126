import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfigFile } from '../../../src/config/load-config.js';
import { messageOf, validConfig } from '../../helpers/valid-config.js';

const dir = mkdtempSync(join(tmpdir(), 'zlp-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `<path>: not valid JSON (<reason> at line L column C)`, the reason starting with `reason`. */
function lineAndColumn(path: string, reason: string, line: number, column: number): RegExp {
  return new RegExp(`^${escape(path)}: not valid JSON \\(${escape(reason)}[^"]* at line ${line} column ${column}\\)$`);
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a valid file is read, parsed and validated, with env: references and PORT', () => {
  const raw = validConfig();
  (raw['zoom'] as Record<string, unknown>)['clientSecret'] = 'env:ZOOM_CLIENT_SECRET';
  const path = file('valid.json', JSON.stringify(raw, null, 2));
  const config = loadConfigFile(path, { ZOOM_CLIENT_SECRET: 'resolved-secret', PORT: '9090' });
  assert.equal(config.zoom.clientSecret, 'resolved-secret');
  assert.equal(config.listen.port, 9090);
});

test('a byte order mark at the start is accepted', () => {
  const path = file('bom.json', `\uFEFF${JSON.stringify(validConfig())}`);
  assert.equal(loadConfigFile(path, {}).zoom.accountId, 'acct-1234');
});

test('a missing file says so under its name', () => {
  const path = join(dir, 'missing.json');
  assert.equal(messageOf(() => loadConfigFile(path, {})), `${path}: cannot be read (it does not exist)`);
});

test('a directory is not a file', () => {
  const path = join(dir, 'a-directory');
  mkdirSync(path);
  assert.equal(messageOf(() => loadConfigFile(path, {})), `${path}: cannot be read (it is a directory, not a file)`);
});

test('invalid JSON gives the parser\'s reason with a line and column', () => {
  const path = file('trailing-comma.json', '{\n  "zoom": {\n    "accountId": "a",\n  }\n}\n');
  // The wording is V8's and may change between Node versions; the location is ours.
  assert.match(messageOf(() => loadConfigFile(path, {})), lineAndColumn(path, 'Expected double-quoted property name', 4, 3));
});

test('a truncated file', () => {
  const path = file('truncated.json', '[1, 2,');
  assert.match(messageOf(() => loadConfigFile(path, {})), new RegExp(`^${escape(path)}: not valid JSON \\(Unexpected end of JSON input\\)$`));
});

test('an empty file', () => {
  const path = file('empty.json', ' \n');
  assert.equal(messageOf(() => loadConfigFile(path, {})), `${path}: not valid JSON (the file is empty)`);
});

test('an unquoted value is located, and not quoted back', () => {
  const path = file('unquoted.json', '{\n  "links": {\n    "secret": abcdefghijklmnopqrstuvwxyz0123456789\n  }\n}\n');
  const message = messageOf(() => loadConfigFile(path, {}));
  assert.match(message, lineAndColumn(path, 'Unexpected token', 3, 15));
  assert.doesNotMatch(message, /abcdef/);
});

test('a problem inside a valid JSON file is reported by key path', () => {
  const path = file('bad-key.json', JSON.stringify({ ...validConfig(), extra: true }));
  assert.throws(() => loadConfigFile(path, {}), (err: unknown) => err instanceof ConfigError && err.message === 'extra: unknown key');
});
