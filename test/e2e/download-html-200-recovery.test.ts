import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('Zoom answering its HTML "not authorized" page (token invalidated at Zoom): one new token, asked once more, the file arrives', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 1_000_000 });
    assert.equal((await download(signedLink(stack, fileId), { agent })).status, 200);
    assert.equal(stack.sim.seen.oauthMints, 1);

    stack.sim.faults.invalidateAccessTokens();
    stack.sim.seen.reset();
    const got = await download(signedLink(stack, fileId), { agent });
    assert.equal(got.status, 200);
    assert.equal(got.sha256, stack.sim.fileSha256(fileId), 'the file, not the page');
    assert.equal(stack.sim.seen.oauthMints, 1, 'exactly one re-mint');
    const web = stack.sim.seen.requests.filter((r) => r.kind === 'web');
    assert.equal(web.length, 2);
    assert.notEqual(web[0]?.headers.authorization, web[1]?.headers.authorization, 'the retry carried the new token');
    assert.ok(stack.logs.lines().some((l) => l.msg === 'Zoom refused the download: trying once more with a fresh token' && l.type === 'text/html'));
  } finally {
    await agent.close();
    await stack.close();
  }
});
