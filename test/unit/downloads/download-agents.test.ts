import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createDownloadAgents, type DownloadAgents } from '../../../src/downloads/download-agents.js';

/** GET through the agents; resolves with the response once its headers are in. */
function get(agents: DownloadAgents, port: number) {
  return new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    request({ agent: agents.http, host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject).end();
  });
}

test('at most `connections` sockets per origin, kept alive between downloads; close() lets the busy one finish, then ends it', async (t) => {
  const open = new Set<unknown>();
  let most = 0;
  const waiting: ServerResponse[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': '2' });
    res.write('a');
    waiting.push(res);
  });
  server.on('connection', (socket) => {
    open.add(socket);
    most = Math.max(most, open.size);
    socket.on('close', () => open.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  const agents = createDownloadAgents({ connections: 1, keepAliveMs: 5_000 });

  const first = await get(agents, port);
  const second = get(agents, port); // queued behind the first: one connection per origin
  first.resume();
  waiting.shift()!.end('b');
  await once(first, 'end');
  const next = await second;
  assert.equal(most, 1, 'the second download waited for the first one\'s connection');

  let closed = false;
  const closing = agents.close().then(() => (closed = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(closed, false, 'a download under way is not cut by close()');
  next.resume();
  waiting.shift()!.end('b');
  await closing;
  // The client's side is closed; the server hears of it a moment later.
  for (let i = 0; i < 100 && open.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(open.size, 0, 'its connection is closed, not kept');
});
