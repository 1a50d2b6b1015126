import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { test } from 'node:test';
import { addRecordingFiles, download, errorCode } from '../helpers/download-client.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

let fileId: string;
const agent = useAgent();
const auth = { authorization: `Bearer ${CANARY.clientKey}` };
const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  [fileId] = addRecordingFiles(stack, { fileType: 'M4A', size: 300_000 });
});

test('the drop-in path with ?zak= and ?access_token=: neither reaches Zoom, the proxy\'s token does, other parameters are kept', async () => {
  const zak = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJDQU5BUlkifQ.client-sent-zak';
  const token = 'client-sent-access-token-CANARY';
  stack.sim.seen.reset();
  for (const shape of ['/rec/download/', '/rec/archive/download/']) {
    const got = await download(`${stack.url}${shape}${fileId}?zak=${zak}&keep=1&access_token=${token}&ACCESS_TOKEN=${token}&%7Aak=${zak}`, { agent, headers: auth });
    assert.equal(got.status, 200, shape);
    assert.equal(got.sha256, stack.sim.fileSha256(fileId));
  }
  const web = stack.sim.seen.requests.filter((r) => r.kind === 'web');
  assert.deepEqual(web.map((r) => r.rawPath), [`/rec/download/${fileId}?keep=1`, `/rec/archive/download/${fileId}?keep=1`]);
  for (const r of stack.sim.seen.requests) {
    const seen = JSON.stringify(r);
    assert.ok(!seen.includes(zak) && !seen.includes(token), `nothing the client sent as a credential reached Zoom: ${r.rawPath}`);
  }
  for (const r of web) assert.match(String(r.headers.authorization), /^Bearer /);
});

test('the drop-in path needs a client key: none or a wrong one is 401', async () => {
  const none = await download(`${stack.url}/rec/download/${fileId}`, { agent });
  assert.deepEqual([none.status, errorCode(none)], [401, 'unauthorized']);
  const wrong = await download(`${stack.url}/rec/download/${fileId}`, { agent, headers: { authorization: 'Bearer not-a-key-of-this-proxy' } });
  assert.deepEqual([wrong.status, errorCode(wrong)], [401, 'unauthorized']);
});

/** GET with the path exactly as written: node:http does not normalise dot segments as URL parsers do. */
function rawGet(path: string): Promise<number> {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: hostname, port, path, headers: auth, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

test('a path that climbs out of /rec/ is refused before Zoom is asked', async () => {
  stack.sim.seen.reset();
  for (const path of ['/rec/download/..%2F..%2Fv2%2Fusers', '/rec/download/%2e%2e/%2e%2e/v2/users', '/rec/download/a/../../../v2/users', '/rec/archive/x%5C..%5Cy', '/rec/download/a\\..\\..\\v2']) {
    assert.equal(await rawGet(path), 400, path);
  }
  assert.equal(stack.sim.seen.requests.length, 0);
});
