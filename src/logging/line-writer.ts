import * as fs from 'node:fs';

/** The file-system calls the writer makes: node's own, or a test's. */
export interface WriterFs {
  write(fd: number, buffer: Buffer, offset: number, length: number, position: null, callback: (err: NodeJS.ErrnoException | null, written: number) => void): void;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
}

export interface LineWriterOptions {
  /** Where lines go: 1 (stdout) in production. */
  fd: number;
  /** Characters held while the output is slower than the lines come; a line beyond is dropped and counted. */
  maxPendingChars?: number;
  /** How long to wait before writing again to an output that said "try again" (EAGAIN, a full non-blocking pipe). */
  retryMs?: number;
  fs?: WriterFs;
  /** Where one warning goes when the output fails (not the output itself: it is what failed). */
  warn?: (message: string) => void;
  now?: () => number;
}

const DEFAULT_MAX_PENDING_CHARS = 16 * 1024 * 1024;

/**
 * Log lines to a file descriptor, never blocking the event loop: the lines that come while a write
 * is under way go out together in the next one (one `write` on the libuv thread pool, one copy of
 * the text). It replaced pino's sonic-boom destination (async mode), which cost about 4 µs of CPU
 * per line against 1 here (the same lines to /dev/null; bench/README.md, "What limits it"): it measured the
 * byte length of everything held on every line, and copied each batch twice more.
 *
 * An output that cannot keep up does not grow memory without end: past `maxPendingChars`, lines are
 * dropped and counted, and a line saying how many comes out first once the output takes lines again.
 * An output that fails (EPIPE: nobody reads it) drops that batch the same way; the next line tries again.
 */
export class LineWriter {
  readonly #fd: number;
  readonly #max: number;
  readonly #retryMs: number;
  readonly #fs: WriterFs;
  readonly #warn: (message: string) => void;
  readonly #now: () => number;
  #pending: string[] = [];
  #pendingChars = 0;
  #writing = false;
  #dropped = 0;
  #failed = false;
  /** The batch being written begins with a line counting this many dropped lines, `#noticeBytes` long. */
  #carried = 0;
  #noticeBytes = 0;
  #waiters: Array<(err?: Error) => void> = [];
  /** The batch under way when it waits to be written again (EAGAIN): not in the thread pool meanwhile. */
  #retry: { bytes: Buffer; offset: number; timer: NodeJS.Timeout } | undefined;

  constructor(options: LineWriterOptions) {
    this.#fd = options.fd;
    this.#max = options.maxPendingChars ?? DEFAULT_MAX_PENDING_CHARS;
    this.#retryMs = options.retryMs ?? 10;
    this.#fs = options.fs ?? fs;
    this.#warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
    this.#now = options.now ?? Date.now;
  }

  /** Queues a line (with its own `\n`); false when it was dropped. */
  write(line: string): boolean {
    if (this.#pendingChars + line.length > this.#max) {
      this.#dropped++;
      return false;
    }
    this.#pending.push(line);
    this.#pendingChars += line.length;
    if (!this.#writing) this.#next();
    return true;
  }

  /**
   * Calls back once nothing waits to be written (all written, or dropped): lines that keep coming
   * delay it, as sonic-boom's did. For shutdown, when requests have stopped.
   */
  flush(callback: (err?: Error) => void = () => undefined): void {
    if (!this.#writing && this.#pending.length === 0) process.nextTick(callback);
    else this.#waiters.push(callback);
  }

  /**
   * Writes what is queued at once, blocking: for a process about to exit. A batch already handed to
   * the thread pool is not written again (how much of it the pool wrote is not known yet); one that
   * waits to be written again (EAGAIN) is finished first, from where it stopped. An output that says
   * "try again" is waited for, `retryMs` at a time, and given up on after 1000 tries.
   */
  flushSync(): void {
    const retry = this.#retry;
    if (retry !== undefined) {
      clearTimeout(retry.timer);
      this.#retry = undefined;
    }
    const queued = this.#take();
    if (retry === undefined || this.#writeSync(retry.bytes, retry.offset)) {
      if (queued !== undefined) this.#writeSync(queued, 0);
    }
    // The batch under way was finished here: the writer is idle again (and its flush callbacks are due).
    if (retry !== undefined) this.#next();
  }

  /** Blocking; false when the output failed or kept saying "try again". */
  #writeSync(bytes: Buffer, from: number): boolean {
    let offset = from;
    for (let tries = 0; offset < bytes.length; ) {
      try {
        offset += this.#fs.writeSync(this.#fd, bytes, offset, bytes.length - offset);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || ++tries >= 1000) return false;
        Atomics.wait(sleeper, 0, 0, this.#retryMs);
      }
    }
    return true;
  }

  /** The queued lines as one buffer (after a line counting the dropped ones, if any), the queue emptied. */
  #take(): Buffer | undefined {
    if (this.#pending.length === 0) return undefined;
    let text = this.#pending.length === 1 ? (this.#pending[0] as string) : this.#pending.join('');
    this.#pending = [];
    this.#pendingChars = 0;
    this.#carried = this.#dropped;
    this.#noticeBytes = 0;
    if (this.#dropped > 0) {
      const time = new Date(this.#now()).toISOString();
      const notice = `{"level":40,"time":"${time}","dropped":${this.#dropped},"msg":"log lines dropped: the log output did not take them in time"}\n`;
      this.#noticeBytes = notice.length;
      text = notice + text;
      this.#dropped = 0;
    }
    return Buffer.from(text, 'utf8');
  }

  #next(): void {
    const bytes = this.#take();
    if (bytes === undefined) {
      this.#writing = false;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const waiter of waiters) waiter();
      return;
    }
    this.#writing = true;
    this.#send(bytes, 0);
  }

  #send(bytes: Buffer, offset: number): void {
    this.#fs.write(this.#fd, bytes, offset, bytes.length - offset, null, (err, written) => {
      if (err) {
        if (err.code === 'EAGAIN') {
          const timer = setTimeout(() => {
            this.#retry = undefined;
            this.#send(bytes, offset);
          }, this.#retryMs);
          this.#retry = { bytes, offset, timer };
          return;
        }
        // What the batch held is lost: counted, and said once (to stderr) until a write works again.
        this.#dropped += offset < this.#noticeBytes ? this.#carried + countLines(bytes, this.#noticeBytes) : countLines(bytes, offset);
        if (!this.#failed) this.#warn(`log output failed (${err.code ?? err.message}): log lines are dropped until it works again`);
        this.#failed = true;
        this.#next();
        return;
      }
      this.#failed = false;
      if (offset + written < bytes.length) this.#send(bytes, offset + written);
      else this.#next();
    });
  }
}

/** What flushSync sleeps on between two tries of an output that said "try again". */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function countLines(bytes: Buffer, from: number): number {
  let lines = 0;
  for (let at = bytes.indexOf(10, from); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  return lines;
}

let stdout: LineWriter | undefined;

/** The one writer of stdout, whatever loggers use it; what it holds is written before the process exits. */
export function stdoutWriter(): LineWriter {
  if (stdout === undefined) {
    const writer = new LineWriter({ fd: 1 });
    process.once('exit', () => writer.flushSync());
    stdout = writer;
  }
  return stdout;
}
