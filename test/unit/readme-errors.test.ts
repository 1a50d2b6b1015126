import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERRORS } from '../../src/errors.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

test('the README documents every error code with its status and sentence', () => {
  for (const [code, [status, message]] of Object.entries(ERRORS)) {
    assert.ok(readme.includes(`| \`${code}\` | ${status} | ${message} |`), `README is missing or outdated for ${code}`);
  }
});
