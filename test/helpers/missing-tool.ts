import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';

const announced = new Set<string>();

/**
 * A test whose tool (redis-server, chromium) is not installed: skipped after one loud line on stderr
 * per tool, except under `CI=true`: CI installs the package (.ci/run), so a missing tool there is a
 * failure, never a quiet green.
 */
export function skipOrFailWithout(t: TestContext, why: string, tests: string): void {
  if (process.env['CI'] === 'true') throw new Error(`${why}; under CI=true the ${tests} must run`);
  if (!announced.has(tests)) console.error(`SKIPPED: ${why}; the ${tests} did not run`);
  announced.add(tests);
  t.skip(why);
}

/** The tool at `env[variable]` when set, else the first of `names` found executable on PATH. */
export function findExecutable(names: readonly string[], variable: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const isExecutable = (path: string): boolean => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const named = env[variable];
  if (named) return isExecutable(named) ? named : undefined;
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      if (isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}
