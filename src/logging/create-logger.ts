import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { createSecretScrubber } from './scrub-secrets.js';

/** pino's logger, with what the proxy adds to it: lines serialised by hand, secrets learnt later. */
export type Logger = PinoLogger & {
  /**
   * Writes a line serialised by hand (with its `\n`) to the logger's destination, through the same
   * secret scrubber as every other line: the request line (request-line.ts).
   */
  writeLine(line: string): void;
  /**
   * Scrub these literal secrets too, besides those the logger was made with (a reload adds the new
   * configuration's and keeps the old ones: requests in flight still carry them).
   */
  addSecrets(secrets: readonly string[]): void;
};

export interface LoggerOptions {
  level: string;
  /** Where lines go: stdout in production, a capturing stream in tests. */
  destination?: DestinationStream;
  /** Literal secrets from the configuration, scrubbed from every line besides the patterns. */
  secrets?: readonly string[];
}

/**
 * Keys whose values never reach a line. Spelled out: wildcard paths (`*.authorization`) made each
 * line cost 2.6 times as much (14.9 against 5.7 µs, measured alone); the scrubber still catches a secret anywhere else in a line.
 */
export const REDACTED_PATHS = [
  'token',
  'zak',
  'accessToken',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * JSON lines with pino. Headers are never logged whole (only chosen fields are), and every line passes
 * through the secret scrubber before it is written.
 */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = createSecretScrubber(options.secrets);
  // The warning about dropped lines is written when stdout has caught up: by then `logger` exists.
  const stream = options.destination ?? stdoutDestination((count) => logger.warn({ dropped: count }, 'log lines dropped: the log output did not take them in time'));
  const logger = pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: scrub },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
  return Object.assign(logger, {
    writeLine: (line: string): void => void stream.write(scrub(line)),
    addSecrets: (secrets: readonly string[]): void => scrub.add(secrets),
  });
}

/** Bytes of lines held while stdout is slower than they come (a stalled log shipper); beyond, lines are dropped. */
export const MAX_HELD_BYTES = 16 * 1024 * 1024;

/**
 * pino's own destination, asynchronous: a line never blocks the event loop, and those that come while
 * a write is under way go out together in the next. pino writes what is still held when the process
 * exits (process.exit, an uncaught error); a signal handler calls `logger.flush` first.
 *
 * Lines past MAX_HELD_BYTES are dropped and counted; `warnDropped` gets the count once stdout has
 * caught up. A failing stdout is said once on stderr (the output itself is what failed) until a write
 * works again; on EPIPE (nobody reads it) pino stops writing.
 */
function stdoutDestination(warnDropped: (count: number) => void): DestinationStream {
  // minLength 1 writes every line at once as 0 would, but makes flush(cb) wait for the write under
  // way: with 0 sonic-boom calls back at once, and a process that exits then loses that batch.
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 1, maxLength: MAX_HELD_BYTES });
  let dropped = 0;
  let failing = false;
  stdout.on('drop', () => dropped++);
  // Emitted each time it has written all it held.
  stdout.on('drain', () => {
    if (dropped === 0) return;
    const count = dropped;
    dropped = 0;
    warnDropped(count);
  });
  stdout.on('write', () => {
    failing = false;
  });
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (!failing) process.stderr.write(`log output failed (${err.code ?? err.message}): log lines are lost until it works again\n`);
    failing = true;
  });
  return stdout;
}
