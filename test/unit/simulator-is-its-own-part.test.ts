/**
 * The simulator (simulator/) is its own part: it imports nothing from the product, and of the product
 * only demo mode (src/demo/) loads it, so a proxy fronting real Zoom never carries it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = process.cwd();

/** Every relative module each .ts file under `dir` imports, as repository paths. */
function relativeImports(dir: string): Array<{ file: string; target: string }> {
  const found: Array<{ file: string; target: string }> = [];
  for (const entry of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry.endsWith('.as.ts')) continue;
    const file = join(dir, entry);
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) {
      found.push({ file, target: relative(ROOT, resolve(ROOT, dirname(file), (m[1] ?? m[2]) as string)) });
    }
  }
  return found;
}

test('the simulator imports nothing outside simulator/', () => {
  const imports = relativeImports('simulator');
  assert.ok(imports.length > 0);
  assert.deepEqual(imports.filter(({ target }) => !target.startsWith('simulator/')), []);
});

test('of src/, only demo mode (src/demo/) imports the simulator', () => {
  const imports = relativeImports('src').filter(({ target }) => target.startsWith('simulator/'));
  assert.ok(imports.length > 0, 'demo mode loads the simulator');
  assert.deepEqual(imports.filter(({ file }) => !file.startsWith('src/demo/')), []);
});
