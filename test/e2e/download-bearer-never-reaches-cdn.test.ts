import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

test('the Zoom token goes to Zoom\'s host only: never to the CDN a redirect names, whatever the flow', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 2_000_000 });
    const link = signedLink(stack, fileId);
    assert.equal((await download(link, { agent })).status, 200);
    assert.equal((await download(link, { agent, method: 'HEAD' })).status, 200);
    assert.equal((await download(link, { agent, headers: { range: 'bytes=5-' } })).status, 206);
    stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 500_000, count: 1 });
    assert.equal((await download(link, { agent })).error, undefined, 'resumed');
    stack.sim.faults.invalidateAccessTokens();
    assert.equal((await download(`${stack.url}/rec/download/${fileId}`, { agent, headers: { authorization: `Bearer ${CANARY.clientKey}` } })).status, 200);

    const cdn = stack.sim.seen.requests.filter((r) => r.kind === 'cdn');
    assert.equal(cdn.length, 6);
    assert.equal(stack.sim.seen.cdnRequestsWithAuthorization, 0);
    for (const r of cdn) assert.equal(r.headers.authorization, undefined);
    const web = stack.sim.seen.requests.filter((r) => r.kind === 'web');
    for (const r of web) assert.match(String(r.headers.authorization), /^Bearer \S+$/, 'Zoom\'s own host gets the proxy\'s token');
    assert.ok(!web.some((r) => String(r.headers.authorization).includes(CANARY.clientKey)), 'never the client\'s key');
  } finally {
    await agent.close();
    await stack.close();
  }
});
