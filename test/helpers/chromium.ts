import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { findExecutable, skipOrFailWithout } from './missing-tool.js';

/** Debian's `chromium` package (or another build, named by CHROMIUM_PATH); playwright-core downloads no browser. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findExecutable(['chromium', 'chromium-browser'], 'CHROMIUM_PATH', env);
}

/**
 * A headless Chromium for one test, closed when it ends. Where none is installed the test is skipped
 * after one loud line on stderr, except under `CI=true`: CI installs the package (.ci/run), so a
 * missing browser there is a failure, never a quiet green.
 */
export async function launchChromium(t: TestContext): Promise<Browser | undefined> {
  const executablePath = findChromium();
  if (executablePath === undefined) {
    const why = 'chromium not found on PATH (nor CHROMIUM_PATH): install the chromium package (apt-get install chromium)';
    skipOrFailWithout(t, why, 'browser tests');
    return undefined;
  }
  // Chromium's sandbox refuses to start as root (CI and these machines run as root).
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const browser = await chromium.launch({ executablePath, args, headless: true, timeout: 60_000 });
  t.after(() => browser.close());
  return browser;
}
