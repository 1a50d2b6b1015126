import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addRecordingFiles, signedLink } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';

const curl = spawnSync('curl', ['--version'], { encoding: 'utf8' });
const skip = curl.status === 0 ? false : 'curl is not installed: this test runs a real downloader and needs it';

function runCurl(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['--silent', '--show-error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

test('a real downloader: curl breaks off half way (the proxy aborts once its resumes are used up), then curl -C - finishes the file', { skip }, async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.downloads.maxResumes = 1) });
  const dir = mkdtempSync(join(tmpdir(), 'zlp-curl-'));
  try {
    const SIZE = 8 * 1024 * 1024 + 5;
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
    const link = signedLink(stack, fileId);
    const out = join(dir, 'recording.mp4');
    const BREAK = 2 * 1024 * 1024;

    // Two resets: the first is resumed by the proxy, the second is one too many and aborts curl's connection.
    stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: BREAK, count: 2 });
    const first = await runCurl(['--output', out, link]);
    assert.equal(first, 18, 'curl exit 18: "transfer closed with outstanding read data remaining", never a clean short file');
    assert.equal(statSync(out).size, 2 * BREAK);

    const second = await runCurl(['--continue-at', '-', '--fail', '--output', out, link]);
    assert.equal(second, 0);
    const resumeAsk = stack.sim.seen.requests.filter((r) => r.kind === 'cdn').at(-1);
    assert.equal(resumeAsk?.headers.range, `bytes=${2 * BREAK}-`, 'curl asked for the rest, and the proxy passed that on');
    assert.equal(statSync(out).size, SIZE);
    assert.equal(createHash('sha256').update(readFileSync(out)).digest('hex'), stack.sim.fileSha256(fileId));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stack.close();
  }
});
