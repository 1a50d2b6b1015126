import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import type { Config } from './config.js';
import { describeJsonError } from './describe-json-error.js';
import { parseConfig } from './parse-config.js';

/** The environment variable naming the configuration file when `--config` is not given. */
export const CONFIG_ENV_VAR = 'ZOOM_PROXY_CONFIG';
/** The file looked for in the working directory when neither `--config` nor the variable is given. */
export const DEFAULT_CONFIG_FILE = 'config.json';

/**
 * Which configuration file to load, as an absolute path, or undefined for demo mode. In order:
 * `--config FILE` or `--config=FILE` in `argv` (the last one wins), then `ZOOM_PROXY_CONFIG`, then
 * `config.json` in `cwd` if it exists. Relative names are taken from `cwd`.
 *
 * Only the third is looked for: a file named explicitly is returned even if it does not exist, so
 * that loading it fails loudly instead of falling back to demo mode.
 *
 * @throws {ConfigError} `--config` without a file name, or `ZOOM_PROXY_CONFIG` set but empty
 */
export function findConfigFile(argv: string[], env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const fromArgv = configArgument(argv);
  if (fromArgv !== undefined) return resolve(cwd, fromArgv);
  const fromEnv = env[CONFIG_ENV_VAR];
  if (fromEnv !== undefined) {
    if (fromEnv === '') throw new ConfigError(CONFIG_ENV_VAR, 'is set but empty: set it to a file name or unset it');
    return resolve(cwd, fromEnv);
  }
  const local = join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(local) ? local : undefined;
}

/** The file named by the last `--config` in `argv` (the arguments after the script), if any. */
function configArgument(argv: string[]): string | undefined {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next === undefined || next === '' || next.startsWith('-')) throw missingFileName();
      file = next;
      i++;
    } else if (arg.startsWith('--config=')) {
      file = arg.slice('--config='.length);
      if (file === '') throw missingFileName();
    } else {
      // A misspelt option must not fall through to demo mode (no file found: the simulator starts).
      throw new ConfigError(arg, 'is not an option: the only one is --config FILE (through npm: npm start -- --config FILE)');
    }
  }
  return file;
}

function missingFileName(): ConfigError {
  return new ConfigError('--config', 'must be followed by a file name, as in --config /etc/zoom-link-proxy/config.json');
}

/**
 * Reads, parses and validates one configuration file (see parseConfig). Problems with the file itself
 * are reported under its name: `<file>: cannot be read (it does not exist)`,
 * `<file>: not valid JSON (Unexpected end of JSON input)`.
 *
 * @throws {ConfigError}
 */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, `cannot be read (${describeFsError(err)})`, { cause: err });
  }
  // Editors on Windows may save a byte order mark, which JSON.parse refuses.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') throw new ConfigError(file, 'not valid JSON (the file is empty)');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // No cause: V8's SyntaxError quotes the text around the error, which may hold a secret.
    throw new ConfigError(file, `not valid JSON (${describeJsonError(err, text)})`);
  }
  return parseConfig(raw, env);
}

function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    default:
      return typeof code === 'string' ? code : 'unknown error';
  }
}
