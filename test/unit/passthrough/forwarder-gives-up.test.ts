import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { test } from 'node:test';
import { Agent } from 'undici';
import type { ReadUpTo } from '../../../src/passthrough/read-up-to.js';
import { createForwarder } from '../../../src/passthrough/forwarder.js';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Zoom answers its head and the start of a body, then stays silent (longer than the test). */
function silentZoom(): Server {
  return createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"a":"');
  });
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still pending'> =>
  Promise.race([promise, new Promise<'still pending'>((resolve) => setTimeout(() => resolve('still pending'), ms).unref())]);

for (const how of ['the client goes away', 'the signal aborts'] as const) {
  test(`giving up after Zoom's head (${how}) ends the answer a reader waits on`, async () => {
    const zoom = silentZoom();
    const dispatcher = new Agent();
    const proxy = createForwarder({ apiUrl: `http://127.0.0.1:${await listen(zoom)}/v2`, timeoutMs: 30_000, dispatcher });
    let reading: ((read: { taken: Promise<ReadUpTo> }) => void) | undefined;
    const read = new Promise<{ taken: Promise<ReadUpTo> }>((resolve) => (reading = resolve));
    const controller = new AbortController();
    const front = createServer((req, res) => {
      void proxy.forward(req, res, { path: '/v2/x', token: 't', signal: controller.signal }).then((answer) => {
        const taken = answer.readUpTo(64 * 1024);
        assert.ok(taken instanceof Promise);
        reading?.({ taken });
      });
    });
    const client = net.connect(await listen(front), '127.0.0.1', () => client.write('GET /v2/x HTTP/1.1\r\nhost: x\r\n\r\n'));
    client.on('error', () => undefined);
    try {
      const { taken } = await read;
      if (how === 'the client goes away') client.destroy();
      else controller.abort(new Error('given up'));
      const outcome = await within(taken.then(() => 'read', () => 'rejected'), 2000);
      assert.equal(outcome, 'rejected');
    } finally {
      client.destroy();
      await dispatcher.destroy();
      front.closeAllConnections();
      zoom.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
      await new Promise((resolve) => zoom.close(resolve));
    }
  });
}
