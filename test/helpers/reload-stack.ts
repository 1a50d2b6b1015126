/**
 * Test helper (not a test): reload a running stack as SIGHUP does, from a configuration file written
 * here: the configuration in force, changed by `edit`, or any raw text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { reloadConfig } from '../../src/reload-config.js';
import type { Stack } from './start-stack.js';

/** Writes the configuration in force, changed by `edit` (or `text` as it is), and reloads it. */
export function reloadStack(stack: Stack, edit: ((config: Config) => void) | string): boolean {
  let text: string;
  if (typeof edit === 'string') {
    text = edit;
  } else {
    const config = structuredClone(stack.proxy.services.config);
    edit(config);
    text = JSON.stringify(config);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'zlp-reload-')), 'config.json');
  writeFileSync(file, text);
  return reloadConfig({ file, env: {}, proxy: stack.proxy, logger: stack.proxy.services.logger });
}
