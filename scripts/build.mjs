#!/usr/bin/env node
/**
 * Builds dist/ and writes a stamp of what it was built from.
 *
 *   node scripts/build.mjs              the production build: src and simulator (tsconfig.build.json; demo mode
 *                                       loads the simulator) + the wasm engine
 *   node scripts/build.mjs --tests      src, simulator, test and bench (tsconfig.json) + the wasm engine
 *   node scripts/build.mjs --if-stale   the production build only when the sources changed since the stamp, else nothing
 *
 * The stamp (dist/.build-stamp) is a fingerprint of every file under src/ and simulator/ and of tsconfig*.json and
 * package.json (path and contents: under a megabyte, a few milliseconds), so `npm start` can ask it
 * every time and never runs a compiler when nothing changed. Contents, not times: a built tree copied
 * elsewhere (a CI artifact, a container layer) has new times but is not stale. Where the compiler is
 * missing (dev dependencies omitted) but dist/ was built, --if-stale says so and leaves dist/ as it is.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
const INPUTS = ['src', 'simulator', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/**
 * @param {string} path
 * @param {string[]} out `path<TAB>sha256` of every file under `path`, appended
 */
function collect(path, out) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else {
    out.push(`${relative(ROOT, path)}\t${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
  }
}

function fingerprint() {
  /** @type {string[]} */
  const lines = [];
  for (const input of INPUTS) collect(join(ROOT, input), lines);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The fingerprint in the stamp of the last build, if there is one. */
function stampedFingerprint() {
  try {
    /** @type {unknown} */
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    return typeof stamp === 'object' && stamp !== null && 'fingerprint' in stamp ? stamp.fingerprint : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} bin
 * @param {string[]} args
 * @param {boolean} ifStale
 */
function run(bin, args, ifStale) {
  const path = join(ROOT, 'node_modules', '.bin', bin);
  if (!existsSync(path) && ifStale && existsSync(join(ROOT, 'dist', 'src', 'main.js'))) {
    process.stderr.write(`build: ${bin} is not installed (dev dependencies omitted): running dist/ as it was built\n`);
    process.exit(0);
  }
  if (!existsSync(path)) {
    process.stderr.write(
      `build: ${bin} is not installed (were dev dependencies omitted?). dist/ is missing or older than src/ and simulator/: ` +
        'build where dev dependencies are installed (npm ci && npm run build), or use scripts/build-release.sh (docs/deploy.md).\n',
    );
    process.exit(1);
  }
  const r = spawnSync(path, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const args = new Set(process.argv.slice(2));
const tests = args.has('--tests');
// Taken before compiling: a source edited during the build leaves the stamp stale, so the next start rebuilds.
const before = fingerprint();
if (args.has('--if-stale')) {
  if (stampedFingerprint() === before && existsSync(join(ROOT, 'dist', 'src', 'main.js'))) process.exit(0);
  process.stderr.write('build: src/ or simulator/ changed since the last build (or never built): compiling, once\n');
}
const ifStale = args.has('--if-stale');
run('tsc', ['-p', tests ? 'tsconfig.json' : 'tsconfig.build.json'], ifStale);
run('asc', ['src/links/engine/link-engine.as.ts', '-o', 'dist/src/links/engine/link-engine.wasm', '--runtime', 'stub', '--enable', 'simd', '-O3', '--noAssert'], ifStale);
mkdirSync(dirname(STAMP), { recursive: true });
writeFileSync(STAMP, `${JSON.stringify({ fingerprint: before, tests, builtAt: new Date().toISOString() })}\n`);
