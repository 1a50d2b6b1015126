import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinChunks, type ReadUpTo } from '../../../src/passthrough/read-up-to.js';
import { upstreamResponseOf } from '../../../src/passthrough/upstream-response.js';

const head = [Buffer.from('content-type'), Buffer.from('application/json')];

test('readUpTo: a body that came whole with its head is taken at once (no promise), several chunks as one', () => {
  const answer = upstreamResponseOf(200, head);
  answer.feed(Buffer.from('{"a":'));
  answer.feed(Buffer.from('1}'));
  answer.finish();
  const read = answer.readUpTo(1024);
  assert.ok(!(read instanceof Promise));
  assert.deepEqual(read, { chunks: [Buffer.from('{"a":1}')], length: 7, complete: true });
});

test('readUpTo: an empty whole body is taken at once too', () => {
  const answer = upstreamResponseOf(200, head);
  answer.finish();
  assert.deepEqual(answer.readUpTo(1024), { chunks: [], length: 0, complete: true });
});

test('readUpTo: a body still coming is read as it comes, and one over the limit is left paused with the rest unread', async () => {
  const coming = upstreamResponseOf(200, head);
  coming.feed(Buffer.from('{"a":'));
  const pending = coming.readUpTo(1024);
  assert.ok(pending instanceof Promise);
  setImmediate(() => {
    coming.feed(Buffer.from('2}'));
    coming.finish();
  });
  const read = await pending;
  assert.equal(joinChunks(read.chunks, read.length).toString(), '{"a":2}');
  assert.equal(read.complete, true);

  const large = upstreamResponseOf(200, head);
  for (let i = 0; i < 4; i++) large.feed(Buffer.alloc(100, 0x61 + i));
  large.finish();
  const partial: ReadUpTo = await large.readUpTo(250);
  assert.equal(partial.complete, false);
  assert.ok(partial.length > 250 && partial.length < 400, String(partial.length));
  const rest: Buffer[] = [];
  for await (const chunk of large) rest.push(chunk as Buffer);
  assert.equal(Buffer.concat([...partial.chunks, ...rest]).toString(), 'a'.repeat(100) + 'b'.repeat(100) + 'c'.repeat(100) + 'd'.repeat(100));
});

test('readUpTo of an answer already destroyed fails at once with its error, or as closed early (it used to wait for ever)', async () => {
  const failed = upstreamResponseOf(200, head);
  failed.feed(Buffer.from('{"a":'));
  failed.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
  await new Promise((resolve) => setImmediate(resolve));
  await assert.rejects(Promise.resolve(failed.readUpTo(1024)), /reset/);

  const dropped = upstreamResponseOf(200, head);
  dropped.destroy();
  await new Promise((resolve) => setImmediate(resolve));
  await assert.rejects(Promise.resolve(dropped.readUpTo(1024)), { code: 'ECONNRESET', message: 'the stream closed before its end' });
});
