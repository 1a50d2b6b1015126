import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LineWriter, type WriterFs } from '../../../src/logging/line-writer.js';

type WriteCallback = (err: NodeJS.ErrnoException | null, written: number) => void;

/** An output that takes at most `step` bytes a call, answering later, and can be told to fail or hold. */
function fakeOutput(step = Number.POSITIVE_INFINITY) {
  const out: Buffer[] = [];
  const failures: string[] = [];
  const held: Array<() => void> = [];
  let hold = false;
  let calls = 0;
  const fsLike: WriterFs = {
    write(_fd, buffer, offset, length, _position, callback: WriteCallback) {
      calls++;
      const go = (): void => {
        const code = failures.shift();
        if (code !== undefined) return callback(Object.assign(new Error(code), { code }), 0);
        const n = Math.min(step, length);
        out.push(Buffer.from(buffer.subarray(offset, offset + n)));
        callback(null, n);
      };
      if (hold) held.push(go);
      else setImmediate(go);
    },
    writeSync(_fd, buffer, offset, length) {
      out.push(Buffer.from(buffer.subarray(offset, offset + length)));
      return length;
    },
  };
  return {
    fs: fsLike,
    text: () => Buffer.concat(out).toString('utf8'),
    fail: (...codes: string[]) => failures.push(...codes),
    hold: (on: boolean) => {
      hold = on;
      if (!on) for (const go of held.splice(0)) setImmediate(go);
    },
    calls: () => calls,
  };
}

const flushed = (writer: LineWriter): Promise<void> => new Promise((resolve) => writer.flush(() => resolve()));

test('lines reach a real file whole and in order; those that come during a write go out together in the next', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'line-writer-'));
  const file = join(dir, 'out.log');
  const fd = openSync(file, 'w');
  let calls = 0;
  const counting: WriterFs = {
    write: (...args: Parameters<WriterFs['write']>) => {
      calls++;
      fs.write(...args);
    },
    writeSync: (...args) => fs.writeSync(...args),
  };
  try {
    const writer = new LineWriter({ fd, fs: counting });
    const lines = Array.from({ length: 5000 }, (_, i) => `{"n":${i},"text":"é ✓ ${'x'.repeat(i % 50)}"}\n`);
    for (const line of lines) assert.equal(writer.write(line), true);
    await flushed(writer);
    assert.equal(readFileSync(file, 'utf8'), lines.join(''));
    // The first line goes at once, all the others while it is under way: two writes.
    assert.equal(calls, 2);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('short writes are continued where they stopped, inside multi-byte characters too', async () => {
  const output = fakeOutput(7);
  const writer = new LineWriter({ fd: 1, fs: output.fs });
  const lines = ['{"a":"žluťoučký kůň"}\n', '{"b":"🙂🙂🙂"}\n', '{"c":"plain"}\n'];
  for (const line of lines) writer.write(line);
  await flushed(writer);
  assert.equal(output.text(), lines.join(''));
});

test('an output that says "try again" (EAGAIN) is written again, nothing lost', async () => {
  const output = fakeOutput();
  output.fail('EAGAIN', 'EAGAIN', 'EAGAIN');
  const writer = new LineWriter({ fd: 1, fs: output.fs, retryMs: 1 });
  writer.write('one\n');
  writer.write('two\n');
  await flushed(writer);
  assert.equal(output.text(), 'one\ntwo\n');
});

test('past maxPendingChars lines are dropped and counted; a line says how many once the output takes lines again', async () => {
  const output = fakeOutput();
  const writer = new LineWriter({ fd: 1, fs: output.fs, maxPendingChars: 20, now: () => Date.UTC(2026, 10, 24) });
  output.hold(true);
  assert.equal(writer.write('first\n'), true); // under way, no longer held
  assert.equal(writer.write('0123456789\n'), true); // 11 held
  assert.equal(writer.write('abcdefghij\n'), false); // 22 > 20
  assert.equal(writer.write('klmnopqrst\n'), false);
  assert.equal(writer.write('uvw\n'), true); // 15
  output.hold(false);
  await flushed(writer);
  const lines = output.text().split('\n');
  assert.equal(lines[0], 'first');
  assert.deepEqual(JSON.parse(lines[1] as string), {
    level: 40, time: '2026-11-24T00:00:00.000Z', dropped: 2, msg: 'log lines dropped: the log output did not take them in time',
  });
  assert.deepEqual(lines.slice(2), ['0123456789', 'uvw', '']);
});

test('an output that fails (EPIPE) loses that batch, says so once on stderr, and the lines after are written with the count', async () => {
  const output = fakeOutput();
  const warnings: string[] = [];
  const writer = new LineWriter({ fd: 1, fs: output.fs, warn: (m) => warnings.push(m), now: () => 0 });
  output.fail('EPIPE', 'EPIPE');
  writer.write('lost-1\n');
  await flushed(writer);
  writer.write('lost-2\nlost-3\n');
  await flushed(writer);
  writer.write('kept\n');
  await flushed(writer);
  assert.deepEqual(warnings, ['log output failed (EPIPE): log lines are dropped until it works again']);
  const [notice, kept] = output.text().trim().split('\n');
  // The second failure lost the first's notice too: it is counted as the lines it stood for, not as one more.
  assert.equal((JSON.parse(notice as string) as { dropped: number }).dropped, 3);
  assert.equal(kept, 'kept');
});

test('flushSync writes what waits at once; flush calls back at once when nothing waits', async () => {
  const output = fakeOutput();
  const writer = new LineWriter({ fd: 1, fs: output.fs });
  output.hold(true);
  writer.write('under way\n');
  writer.write('waiting 1\n');
  writer.write('waiting 2\n');
  writer.flushSync();
  assert.equal(output.text(), 'waiting 1\nwaiting 2\n');
  output.hold(false);
  await flushed(writer);
  assert.equal(output.text(), 'waiting 1\nwaiting 2\nunder way\n');
  await flushed(writer);
});

test('a process that logs and exits at once (process.exit) still writes every line to stdout', () => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const createLogger = join(here, '../../../src/logging/create-logger.js');
  const script = `import { createLogger } from ${JSON.stringify(createLogger)};
    const logger = createLogger({ level: 'info' });
    for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
    process.exit(0);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { i: number; msg: string });
  assert.equal(lines.length, 2000);
  assert.deepEqual(lines.map((l) => l.i), Array.from({ length: 2000 }, (_, i) => i));
});

test('flushSync waits for an output that says "try again" (EAGAIN) for a while instead of dropping what it holds', () => {
  const out: Buffer[] = [];
  // A reader that takes lines again 50 ms after the first refusal.
  let readyAt: number | undefined;
  const fsLike: WriterFs = {
    // An asynchronous write that never answers: the batch stays under way.
    write: () => undefined,
    writeSync(_fd, buffer, offset, length) {
      readyAt ??= Date.now() + 50;
      if (Date.now() < readyAt) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
      out.push(Buffer.from(buffer.subarray(offset, offset + length)));
      return length;
    },
  };
  const writer = new LineWriter({ fd: 1, fs: fsLike, retryMs: 5 });
  writer.write('under way\n');
  writer.write('last words\n');
  writer.flushSync();
  assert.equal(Buffer.concat(out).toString(), 'last words\n');
});

test('flushSync while a batch waits to be written again (EAGAIN) writes that batch first, from where it stopped, and the writer goes on after', async () => {
  const out: Buffer[] = [];
  const answers: Array<'EAGAIN' | number> = [3, 'EAGAIN'];
  const fsLike: WriterFs = {
    write(_fd, buffer, offset, length, _position, callback) {
      const answer = answers.shift() ?? length;
      setImmediate(() => {
        if (answer === 'EAGAIN') return callback(Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' }), 0);
        const n = Math.min(answer, length);
        out.push(Buffer.from(buffer.subarray(offset, offset + n)));
        callback(null, n);
      });
    },
    writeSync(_fd, buffer, offset, length) {
      out.push(Buffer.from(buffer.subarray(offset, offset + length)));
      return length;
    },
  };
  const writer = new LineWriter({ fd: 1, fs: fsLike, retryMs: 60_000 });
  writer.write('abcdef\n');
  // 'abc' written, then "try again": the rest waits for the retry.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  writer.write('next\n');
  writer.flushSync();
  assert.equal(Buffer.concat(out).toString(), 'abcdef\nnext\n');
  // The writer is not left waiting for the retry it no longer needs; later lines go out as usual.
  writer.write('later\n');
  await flushed(writer);
  assert.equal(Buffer.concat(out).toString(), 'abcdef\nnext\nlater\n');
});

test('a process whose stdout is non-blocking (process.stdout touched) still writes every line at process.exit to a reader that is slow', async () => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const createLogger = join(here, '../../../src/logging/create-logger.js');
  const script = `import { createLogger } from ${JSON.stringify(createLogger)};
    process.stdout; // as the demo's banner does: node makes fd 1 non-blocking
    const logger = createLogger({ level: 'info' });
    for (let i = 0; i < 5000; i++) logger.info({ i, pad: ${JSON.stringify('x'.repeat(60))} }, 'line');
    process.exit(0);`;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const closed = new Promise((resolve) => child.on('close', resolve));
  const chunks: Buffer[] = [];
  // Read nothing for a while: the pipe fills and the child meets EAGAIN.
  let reading = false;
  const drain = (): void => {
    for (let chunk = child.stdout.read() as Buffer | null; chunk !== null; chunk = child.stdout.read() as Buffer | null) chunks.push(chunk);
  };
  child.stdout.on('readable', () => reading && drain());
  await new Promise((resolve) => setTimeout(resolve, 300));
  reading = true;
  drain();
  await closed;
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  assert.equal(lines.length, 5000);
});
