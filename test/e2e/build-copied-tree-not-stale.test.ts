/**
 * Found in review: a built checkout copied elsewhere (cp -r, a CI artifact, a container
 * layer: the same bytes, new mtimes) and installed without dev dependencies must start the code it
 * carries. build.mjs --if-stale fingerprints path+size+mtime, so the copy looks "changed", tries to
 * compile, finds no tsc and exits 1: `npm ci --omit=dev` (prepare) and `npm start` (prestart) both
 * fail although dist/ was built from exactly these sources.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = process.cwd();

test('a byte-identical copy of a built tree is not stale (no compiler needed to start it)', (t) => {
  assert.ok(existsSync(join(ROOT, 'dist', '.build-stamp')), 'run npm run build first');
  // Sanity: in place, the tree is fresh.
  const inPlace = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(inPlace.status, 0, inPlace.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'zlp-copy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['src', 'simulator', 'scripts', 'dist', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    // Like `cp -r` or a Docker COPY of a checkout whose mtimes differ: same bytes, new times.
    cpSync(join(ROOT, name), join(dir, name), { recursive: true, preserveTimestamps: false });
  }
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `build.mjs --if-stale in the copy: exit ${r.status}: ${r.stderr}`);
});
