/**
 * `npm run webhooks -- [--config FILE] dead-letters | retry ID` (docs/webhooks.md, "Dead letters"):
 * the Redis queue's dead letters, listed one JSON line each (no body, no secret), or one sent again.
 * Reads the same configuration as the proxy and talks to its `store.url`.
 */
import { systemClock } from '../clock.js';
import { ConfigError } from '../config/config-error.js';
import { findConfigFile, loadConfigFile } from '../config/load-config.js';
import { secretsOf } from '../config/secrets-of.js';
import { createLogger } from '../logging/create-logger.js';
import { createStore } from '../store/create-store.js';
import { listDeadLetters, retryDeadLetter } from './redis-webhook-queue.js';

const USAGE = 'usage: npm run webhooks -- [--config FILE] dead-letters | retry DEAD_LETTER_ID\n';

async function main(argv: string[]): Promise<number> {
  const configArgs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config') configArgs.push(arg, argv[++i] ?? '');
    else if (arg.startsWith('--config=')) configArgs.push(arg);
    else rest.push(arg);
  }
  const [command, id] = rest;
  if (!((command === 'dead-letters' && id === undefined) || (command === 'retry' && id !== undefined && rest.length === 2))) {
    process.stderr.write(USAGE);
    return 2;
  }
  const file = findConfigFile(configArgs, process.env, process.cwd());
  if (file === undefined) {
    process.stderr.write('no configuration: give --config FILE or ZOOM_PROXY_CONFIG (the dead letters are in the Redis it names)\n');
    return 2;
  }
  const config = loadConfigFile(file, process.env);
  const logger = createLogger({ level: 'warn', secrets: secretsOf(config), destination: process.stderr });
  const store = await createStore(config, { clock: systemClock, logger });
  try {
    if (store.redis === undefined) {
      process.stderr.write('store.type is "memory": there is no queue and no dead letter (docs/webhooks.md)\n');
      return 2;
    }
    if (!store.redis.link.available()) {
      process.stderr.write('Redis (store.url) does not answer\n');
      return 1;
    }
    if (command === 'dead-letters') {
      for (const letter of await listDeadLetters(store.redis.link, store.redis.keyPrefix)) process.stdout.write(`${JSON.stringify(letter)}\n`);
      return 0;
    }
    const requeued = await retryDeadLetter(store.redis.link, store.redis.keyPrefix, id ?? '', systemClock());
    process.stdout.write(requeued ? `queued again: ${id}\n` : `no dead letter ${id}\n`);
    return requeued ? 0 : 1;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `config error: ${err.message}\n` : `webhooks: ${err instanceof Error ? err.name : 'failed'}\n`);
    process.exit(1);
  },
);
