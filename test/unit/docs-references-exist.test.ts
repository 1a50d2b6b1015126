/**
 * Found in review: every file the README, docs/ and scripts/build.mjs send a reader to exists.
 * (Once: README.md and docs/operations.md linked docs/deploy.md, and build.mjs's error, the one a
 * production `npm ci --omit=dev` meets, named scripts/build-release.sh, before either existed.)
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const ROOT = process.cwd();

test('relative links of README.md and docs/*.md name files that exist', () => {
  const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const missing: string[] = [];
  for (const page of pages) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      const target = m[1] as string;
      if (/^[a-z]+:/i.test(target)) continue;
      if (!existsSync(join(ROOT, dirname(page), target))) missing.push(`${page} -> ${target}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the files scripts/build.mjs tells a user to use exist', () => {
  const text = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
  const named = [...text.matchAll(/\b((?:scripts|docs)\/[\w.-]+\.(?:sh|md|mjs))/g)].map((m) => m[1] as string);
  assert.ok(named.length > 0);
  assert.deepEqual(named.filter((f) => !existsSync(join(ROOT, f))), []);
});
