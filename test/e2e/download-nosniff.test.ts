import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Chat and transcript files are text that participants wrote, served from the proxy's origin: every
 * download answer says `X-Content-Type-Options: nosniff`, so no browser sniffs one into HTML.
 */
let chat: string;
let transcript: string;
const agent = useAgent();

const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [chat, transcript] = addRecordingFiles(stack, { fileType: 'CHAT', size: 2_000 }, { fileType: 'TRANSCRIPT', size: 3_000 });
});

test('a signed download link: GET, HEAD and a Range request all carry nosniff', async () => {
  for (const fileId of [chat, transcript]) {
    for (const [method, headers] of [['GET', {}], ['HEAD', {}], ['GET', { range: 'bytes=0-99' }]] as const) {
      const got = await download(signedLink(stack, fileId), { agent, method, headers });
      assert.ok(got.status === 200 || got.status === 206, `${method} ${got.status}`);
      assert.equal(got.headers['content-type'], 'text/plain', 'the type Zoom named');
      assert.equal(got.headers['x-content-type-options'], 'nosniff', `${method} ${JSON.stringify(headers)}`);
    }
  }
});

test('the drop-in /rec/download/ and /rec/archive/download/ paths carry nosniff too', async () => {
  for (const shape of ['/rec/download/', '/rec/archive/download/']) {
    for (const method of ['GET', 'HEAD'] as const) {
      const got = await download(`${stack.url}${shape}${chat}`, { agent, method, headers: { authorization: `Bearer ${CANARY.clientKey}` } });
      assert.equal(got.status, 200, `${shape} ${method}`);
      assert.equal(got.headers['x-content-type-options'], 'nosniff', `${shape} ${method}`);
    }
  }
});
