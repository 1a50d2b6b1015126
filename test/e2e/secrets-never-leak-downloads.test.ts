import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addRecordingFiles, download, signedLink, testAgent, type Downloaded } from '../helpers/download-client.js';
import { CANARY, startStack } from '../helpers/start-stack.js';

/**
 * Download flows at trace level with canary secrets: the link's signature, the Zoom access token, the
 * CDN's signed query and anything a client puts in the query as a credential must never reach a log
 * line, a response header or an error body (a file's own bytes are the one legitimate payload).
 */
test('no link signature, access token, CDN signature, client key or client-sent credential reaches logs, headers or error bodies', async () => {
  const stack = await startStack({ logLevel: 'trace', simulator: { seed: 'empty' } });
  const agent = testAgent();
  try {
    const [fileId, deniedId, foreignId] = addRecordingFiles(stack, { fileType: 'MP4', size: 3_000_000 }, { fileType: 'M4A', size: 1000 }, { fileType: 'M4A', size: 1000 });
    stack.sim.faults.denyFile(deniedId);
    stack.sim.faults.redirectForeign(foreignId);
    const exposed: string[] = [];
    const remember = (got: Downloaded, legitBody = false): void => {
      exposed.push(JSON.stringify(got.headers));
      if (!legitBody) exposed.push(got.text);
    };
    const links = [signedLink(stack, fileId), signedLink(stack, deniedId), signedLink(stack, foreignId)];
    const key = { authorization: `Bearer ${CANARY.clientKey}` };
    const clientZak = 'eyJhbGciOiJIUzI1NiJ9.eyJjYW5hcnkiOiJ6YWsifQ.CANARY-client-zak';
    const clientToken = 'CANARY-client-query-access-token-91c2';

    remember(await download(links[0]!, { agent }), true);
    remember(await download(links[0]!, { agent, method: 'HEAD' }));
    remember(await download(links[0]!, { agent, headers: { range: 'bytes=10-20' } }), true);
    stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 1_000_000, count: 1 });
    remember(await download(links[0]!, { agent }), true);
    stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 100_000, count: 10 });
    remember(await download(links[0]!, { agent }), true); // broken off after the resumes
    stack.sim.faults.clear();
    stack.sim.faults.denyFile(deniedId);
    stack.sim.faults.redirectForeign(foreignId);
    stack.sim.faults.invalidateAccessTokens();
    remember(await download(links[0]!, { agent }), true);
    remember(await download(links[1]!, { agent }));
    remember(await download(links[1]!, { agent, headers: { accept: 'text/html' } }));
    remember(await download(links[2]!, { agent }));
    remember(await download(`${links[0]!}x`, { agent }));
    remember(await download(`${stack.url}/rec/download/${fileId}?zak=${clientZak}&access_token=${clientToken}`, { agent, headers: key }), true);
    remember(await download(`${stack.url}/rec/download/${deniedId}?access_token=${clientToken}`, { agent, headers: key }));
    remember(await download(`${stack.url}/rec/download/${fileId}?zak=${clientZak}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } }));
    remember(await download(`${stack.url}/rec/download/${fileId}?zak=${clientZak}`, { agent, headers: { authorization: `Bearer ${CANARY.clientKey}x` } }));
    remember(await download(`${stack.url}/metrics`, { agent }));

    const issued = new Set<string>([clientZak, clientToken]);
    for (const link of links) issued.add(new URL(link).searchParams.get('sig') ?? '');
    for (const r of stack.sim.seen.requests) {
      const auth = r.headers.authorization;
      if (typeof auth === 'string' && auth.startsWith('Bearer ')) issued.add(auth.slice(7));
      if (r.kind === 'cdn') {
        const query = new URLSearchParams(r.rawPath.split('?')[1] ?? '');
        issued.add(query.get('signature') ?? '');
      }
    }
    issued.delete('');
    const secrets = [...Object.values(CANARY), ...issued];
    assert.ok(issued.size >= 8, 'access tokens, CDN signatures and link signatures were gathered');

    const logText = stack.logs.text();
    assert.ok(stack.logs.lines().some((l) => l.msg === 'download resumed'), 'the flows were logged');
    for (const secret of secrets) {
      assert.ok(!logText.includes(secret), `a secret reached the log: ${secret.slice(0, 12)}…`);
      for (const seen of exposed) assert.ok(!seen.includes(secret), `a secret reached a response: ${secret.slice(0, 12)}… in ${seen.slice(0, 300)}`);
    }
    assert.doesNotMatch(logText, /signature=(?!\[redacted\])/, 'no CDN signature, even one not gathered here');
  } finally {
    await agent.close();
    await stack.close();
  }
});
