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
