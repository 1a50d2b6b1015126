import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, type Dispatcher } from 'undici';
import { addRecordingFiles, download, signedLink, testAgent } from '../helpers/download-client.js';
import { stackForTest } from '../helpers/start-stack.js';

/**
 * Review probe (issue 16, Medium, downloads): the limit is per signed link, and one recordings
 * listing hands out a link per file (a meeting has 4 to 6: MP4, M4A, transcript, chat, timeline),
 * so with the defaults (pool 128, 32 per link) the slow readers of one listing's 4 links fill the
 * whole download pool, no client-key limit applying to signed links. Scaled: pool 4, 2 per link,
 * two files of one listing. Expected: another user's small download still answered at once.
 */
const BIG = 64 * 1024 * 1024;

async function slowReader(url: string, agent: Dispatcher): Promise<Dispatcher.ResponseData> {
  const res = await request(url, { dispatcher: agent });
  assert.equal(res.statusCode, 200);
  return res; // its body is not read
}

test('review: the slow readers of one listing\'s links do not fill the download pool', { timeout: 30_000 }, async (t) => {
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.downloads.connections = 4;
      c.downloads.maxConcurrentPerLink = 2;
    },
  });
  const agent = testAgent();
  t.after(() => agent.destroy());
  const [mp4, m4a, small] = addRecordingFiles(stack, { fileType: 'MP4', size: BIG }, { fileType: 'M4A', size: BIG }, { fileType: 'CHAT', size: 8 * 1024 });
  const readers: Dispatcher.ResponseData[] = [];
  t.after(() => readers.forEach((r) => r.body.destroy()));
  for (const file of [mp4, m4a]) {
    const link = signedLink(stack, file as string);
    readers.push(await slowReader(link, agent), await slowReader(link, agent));
  }
  const started = Date.now();
  const other = await download(signedLink(stack, small as string), { agent });
  const took = Date.now() - started;
  assert.equal(other.status, 200, `another user's 8 KB download answered ${other.status} after ${took} ms`);
  assert.ok(took < 1_500, `another user's 8 KB download took ${took} ms`);
});
