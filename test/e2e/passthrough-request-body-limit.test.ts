import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/** Upload `size` bytes to `path` through the proxy, chunked or with a Content-Length, and say what came back. */
function upload(url: string, size: number, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${CANARY.clientKey}`, 'content-type': 'application/octet-stream' };
    if (!chunked) headers['content-length'] = String(size);
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    // Written in pieces, as an upload comes; the proxy may answer and close before the last one.
    let sent = 0;
    const piece = Buffer.alloc(64 * 1024, 7);
    const more = (): void => {
      while (sent < size) {
        const n = Math.min(piece.length, size - sent);
        sent += n;
        if (!req.write(piece.subarray(0, n))) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

test('a request body over passthrough.requestMaxBytes: 413 payload_too_large, declared or chunked; Zoom never gets a complete request', async () => {
  const stack = await startStack({ simulator: { seed: 'empty' }, configure: (c) => (c.passthrough.requestMaxBytes = 256 * 1024) });
  const agent = testAgent();
  try {
    const user = stack.sim.addUser({ email: 'uploader@example.com' });
    const url = `${stack.url}/v2/users/${user.id}/picture`;
    await viaProxy(stack, agent, 'GET', `/users/${user.id}`); // a token is held
    const before = stack.sim.seen.requests.length;

    for (const chunked of [false, true]) {
      const res = await upload(url, 2 * 1024 * 1024, chunked).catch((err: Error) => ({ status: -1, text: err.message }));
      // A client still writing may see the connection close before it reads the answer (EPIPE/ECONNRESET).
      if (res.status !== -1) {
        assert.equal(res.status, 413, res.text);
        assert.equal((JSON.parse(res.text) as { error: { code: string } }).error.code, 'payload_too_large');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reached = stack.sim.seen.requests.slice(before);
    assert.deepEqual(reached.filter((r) => r.bodyLength > 256 * 1024), [], 'no body over the limit was received whole by Zoom');
    assert.ok(stack.logs.lines().filter((l) => l.msg === 'request' && l.status === 413).length >= 1, 'refusals are logged');

    // Within the limit, declared or chunked, the whole body reaches Zoom (which judges it: not a picture here).
    for (const chunked of [false, true]) {
      assert.notEqual((await upload(url, 200 * 1024, chunked)).status, 413, `chunked ${chunked}`);
      assert.equal(stack.sim.seen.requests.at(-1)?.bodyLength, 200 * 1024);
    }
  } finally {
    await agent.close();
    await stack.close();
  }
});
