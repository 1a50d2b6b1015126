import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BLOCK_SIZE, fileSha256, streamFileBytes, type FileIdentity } from '../../simulator/file-bytes.js';

const file: FileIdentity = { id: 'unit-file', version: 1, size: 3 * BLOCK_SIZE + 17, fileType: 'MP4' };

async function bytes(f: FileIdentity, start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamFileBytes(f, start, end, async (c) => (chunks.push(Buffer.from(c)), true));
  return Buffer.concat(chunks);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test('the stream and fileSha256 agree, for the whole file and any range', async () => {
  const whole = await bytes(file, 0, file.size - 1);
  assert.equal(whole.length, file.size);
  assert.equal(sha(whole), fileSha256(file));
  for (const [start, end] of [[0, 0], [5, BLOCK_SIZE + 5], [BLOCK_SIZE - 1, BLOCK_SIZE], [file.size - 1, file.size - 1]] as const) {
    const part = await bytes(file, start, end);
    assert.deepEqual(part, whole.subarray(start, end + 1));
    assert.equal(fileSha256(file, { start, end }), sha(part));
  }
});

test('the same id and version give the same bytes; another version or id gives others', () => {
  assert.equal(fileSha256(file), fileSha256({ ...file }));
  assert.notEqual(fileSha256({ ...file, version: 2 }), fileSha256(file));
  assert.notEqual(fileSha256({ ...file, id: 'other' }), fileSha256(file));
});

test('blocks differ from each other, so a resume at a wrong offset is caught', async () => {
  const whole = await bytes(file, 0, file.size - 1);
  const blocks = [1, 2].map((i) => whole.subarray(i * BLOCK_SIZE, i * BLOCK_SIZE + 1024).toString('hex'));
  assert.notEqual(blocks[0], blocks[1]);
  assert.notDeepEqual(whole.subarray(1000, 2000), whole.subarray(1001, 2001));
});

test('files start like their type; text types stay printable', async () => {
  assert.equal((await bytes(file, 4, 7)).toString('latin1'), 'ftyp');
  const vtt = await bytes({ id: 't', version: 1, size: 5000, fileType: 'TRANSCRIPT' }, 0, 4999);
  assert.ok(vtt.toString('latin1').startsWith('WEBVTT\n\n'));
  assert.match(vtt.toString('latin1'), /^[A-Za-z0-9 \n]+$/);
});

test('an empty file hashes as empty; a range outside the file throws', () => {
  assert.equal(fileSha256({ ...file, size: 0 }), sha(Buffer.alloc(0)));
  assert.throws(() => fileSha256(file, { start: 0, end: file.size }), RangeError);
});
