import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { addRecordingFiles, signedLink, simulatorSettled } from '../helpers/download-client.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const SIZE = 4 * 1024 * 1024;
let fileId: string;
const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: SIZE });
});

test('the file changing between the break and the resume: the client connection is aborted, no bytes of two versions mixed', async () => {
  // The file host sends headers, holds the body back a moment, then breaks after 1 MiB.
  stack.sim.faults.delay({ match: { kind: 'cdn' }, bodyMs: 1_000, afterBytes: 0, count: 1 });
  stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 1024 * 1024, count: 1 });
  const res = await request(signedLink(stack, fileId), { dispatcher: agent });
  assert.equal(res.statusCode, 200);
  stack.clock.advance(5_000);
  stack.sim.faults.changeFile(fileId); // while the first answer is held back: it keeps its version

  let received = 0;
  await assert.rejects(async () => {
    for await (const chunk of res.body) received += (chunk as Buffer).length;
  }, 'the connection is aborted');
  assert.equal(received, 1024 * 1024, 'only the bytes of the first version');
  await simulatorSettled(stack);
  const resume = stack.sim.seen.requests.filter((r) => r.kind === 'cdn').at(-1);
  assert.ok(resume?.headers['if-range'], 'the resume was guarded');
  assert.equal(resume?.response?.status, 200, 'If-Range failed at the file host: it offered the whole new file');
  assert.ok(stack.logs.lines().some((l) => l.msg === 'download broken off: the client connection is aborted'));
});
