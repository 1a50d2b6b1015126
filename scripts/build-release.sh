#!/usr/bin/env bash
# The release build, in one place: the Dockerfile and test/e2e/deploy-recipe.test.ts both run this
# script, so the recipe in docs/deploy.md cannot drift from what is tested.
#
#   bash scripts/build-release.sh DIR
#
# DIR holds the repository's tracked files (a clean checkout, an export, a Docker build context).
# Afterwards DIR runs with `node dist/src/main.js --config FILE` and holds no dev dependencies.
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: bash scripts/build-release.sh DIR   (DIR: the repository's tracked files)" >&2
  exit 2
fi
cd "$1"

# Exactly what the lockfile says, dev dependencies included: the compilers (tsc, asc) are dev
# dependencies. Its `prepare` script already builds src when dist/ is missing or stale.
npm ci --no-audit --no-fund

# The production build (src, the simulator that demo mode loads, and the WebAssembly link engine), run
# explicitly so the result never depends on what `prepare` judged stale.
npm run build

# The compilers are not needed at run time: drop every dev dependency.
npm prune --omit=dev --no-audit --no-fund

# Refuse to hand over a tree that cannot start.
test -f dist/src/main.js
test -f dist/src/links/engine/link-engine.wasm
test -f dist/simulator/simulator.js
