import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const createLoggerModule = join(fileURLToPath(new URL('.', import.meta.url)), '../../../src/logging/create-logger.js');

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Runs `body` in a child process where `logger` is createLogger's on stdout (and MAX_HELD_BYTES is known). Its stdout is not read
 * for the first `readAfterMs`: a pipe nobody reads fills, and the child meets EAGAIN.
 */
async function runLogging(body: string, options: { readAfterMs?: number; signal?: NodeJS.Signals } = {}): Promise<Run> {
  const script = `import { createLogger, MAX_HELD_BYTES } from ${JSON.stringify(createLoggerModule)};
    const logger = createLogger({ level: 'info' });
    ${body}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const out: Buffer[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let reading = false;
  const drain = (): void => {
    for (let chunk = child.stdout.read() as Buffer | null; chunk !== null; chunk = child.stdout.read() as Buffer | null) out.push(chunk);
  };
  child.stdout.on('readable', () => reading && drain());
  if (options.signal) {
    // The child says `ready` on stderr once its handler is in place.
    while (!stderr.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill(options.signal);
  }
  await new Promise((resolve) => setTimeout(resolve, options.readAfterMs ?? 0));
  reading = true;
  drain();
  const code = await closed;
  return { stdout: Buffer.concat(out).toString('utf8'), stderr, code };
}

function linesOf(stdout: string): Array<{ i?: number; msg: string; dropped?: number }> {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as { i?: number; msg: string; dropped?: number });
}

const counting = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('a process that logs and exits at once (process.exit) still writes every line to stdout', async () => {
  const run = await runLogging(`for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
    process.exit(0);`);
  assert.equal(run.code, 0);
  assert.deepEqual(linesOf(run.stdout).map((l) => l.i), counting(2000));
});

test('a process whose stdout is non-blocking (process.stdout touched) still writes every line at process.exit to a reader that is slow', async () => {
  const run = await runLogging(
    `process.stdout; // as the demo's banner does: node makes fd 1 non-blocking
    for (let i = 0; i < 5000; i++) logger.info({ i, pad: ${JSON.stringify('x'.repeat(60))} }, 'line');
    process.exit(0);`,
    { readAfterMs: 300 },
  );
  assert.deepEqual(linesOf(run.stdout).map((l) => l.i), counting(5000));
});

test('an uncaught error ends the process with every line logged before it written', async () => {
  const run = await runLogging(`for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
    setImmediate(() => { throw new Error('boom'); });`);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /boom/);
  assert.deepEqual(linesOf(run.stdout).map((l) => l.i), counting(2000));
});

test('SIGTERM handled as main.ts does (a last line, logger.flush, process.exit) loses no line', async () => {
  const run = await runLogging(
    `process.on('SIGTERM', () => {
      logger.info('stopped');
      logger.flush(() => process.exit(0));
    });
    for (let i = 0; i < 3000; i++) logger.info({ i }, 'line');
    process.stderr.write('ready\\n');
    setInterval(() => undefined, 1000);`,
    { signal: 'SIGTERM', readAfterMs: 200 },
  );
  assert.equal(run.code, 0);
  const lines = linesOf(run.stdout);
  assert.deepEqual(lines.slice(0, -1).map((l) => l.i), counting(3000));
  assert.equal(lines.at(-1)?.msg, 'stopped');
});

test('lines past the bound held for a stdout that does not keep up are dropped, counted, and said once it caught up', async () => {
  // One tick writes far more than the bound: the first write is under way, the rest waits or is dropped.
  const run = await runLogging(`const pad = 'x'.repeat(1000);
    const n = Math.ceil((MAX_HELD_BYTES * 1.5) / 1000);
    for (let i = 0; i < n; i++) logger.info({ i, pad }, 'line');
    process.stderr.write(String(n));`);
  assert.equal(run.code, 0);
  const sent = Number(run.stderr);
  const lines = linesOf(run.stdout);
  const notice = lines.at(-1);
  assert.equal(notice?.msg, 'log lines dropped: the log output did not take them in time');
  const kept = lines.slice(0, -1).map((l) => l.i);
  // The lines kept are the first ones, in order; the count covers all the others.
  assert.deepEqual(kept, counting(kept.length));
  assert.ok(kept.length > 0 && kept.length < sent, `${kept.length} of ${sent} kept`);
  assert.equal(notice?.dropped, sent - kept.length);
});
