import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { watchUploadIdle, type UploadStall } from '../../../src/passthrough/watch-upload-idle.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void, keepAliveTimeout = 5_000) {
  const server = createServer({ keepAliveTimeout }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: (): Promise<unknown> => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A raw client connection: what came back, and whether the server closed it. */
async function open(port: number): Promise<{ sock: Socket; got: () => string; closed: () => boolean }> {
  const sock = connect(port, '127.0.0.1');
  let got = '';
  let closed = false;
  sock.on('data', (d: Buffer) => (got += String(d)));
  sock.on('close', () => (closed = true));
  sock.on('error', () => undefined);
  await new Promise((resolve) => sock.once('connect', resolve));
  return { sock, got: () => got, closed: () => closed };
}

/**
 * A server that does `prepare(req)` and watches the upload for 200 ms of silence; a stall is
 * recorded and answered `status` (with Connection: close, as the passthrough does).
 */
async function watchedServer(t: TestContext, prepare: (req: IncomingMessage) => void, status: number) {
  const stalls: UploadStall[] = [];
  const server = await serve((req, res) => {
    prepare(req);
    watchUploadIdle(req, 200, (who) => {
      stalls.push(who);
      res.writeHead(status, { connection: 'close' }).end();
    });
  });
  t.after(() => server.close());
  return { stalls, port: server.port };
}

/** A POST announcing `length` bytes of body that sends `sent` of them; what came back after 800 ms. */
async function upload(port: number, length: number, sent: number): Promise<string> {
  const c = await open(port);
  c.sock.write(`POST / HTTP/1.1\r\nhost: x\r\ncontent-length: ${length}\r\n\r\n`);
  c.sock.write(Buffer.alloc(sent));
  await sleep(800);
  c.sock.destroy();
  return c.got();
}

test('a client that stops sending its body is reported as the one stalled, once', async (t) => {
  const { stalls, port } = await watchedServer(t, (req) => req.on('data', () => undefined), 408);
  const answer = await upload(port, 1000, 100);
  assert.deepEqual(stalls, ['client']);
  assert.match(answer, /^HTTP\/1\.1 408 /);
});

test('a body that all came but waits unread (Zoom not taking it) is Zoom stalled, and the answer still goes out', async (t) => {
  // Paused, as undici pauses it while Zoom's side is full.
  const { stalls, port } = await watchedServer(t, (req) => req.pause(), 504);
  const answer = await upload(port, 100, 100);
  assert.deepEqual(stalls, ['zoom']);
  assert.match(answer, /^HTTP\/1\.1 504 /);
});

test('an answer sent before the upload ends leaves the idle kept-alive connection to be closed as usual', async (t) => {
  // As the passthrough answering early (a 502 from the token endpoint) while the body still comes.
  const server = await serve((req, res) => {
    watchUploadIdle(req, 5_000, () => undefined);
    res.writeHead(502).end('{}');
  }, 200);
  t.after(() => server.close());
  const c = await open(server.port);
  c.sock.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 65536\r\n\r\n');
  c.sock.write(Buffer.alloc(1024));
  while (!c.got().includes('\r\n\r\n')) await sleep(10);
  c.sock.write(Buffer.alloc(65536 - 1024)); // the rest: the request ends after its answer
  for (let waited = 0; waited < 5_000 && !c.closed(); waited += 50) await sleep(50);
  const closed = c.closed();
  c.sock.destroy();
  assert.ok(closed, 'the server closed the idle kept-alive connection (keepAliveTimeout 200 ms + node 1 s)');
});

test('a body nobody reads yet (the request waits for a connection to Zoom) is not blamed on the client', async (t) => {
  // No reader at all: node stops taking bytes from the socket once its buffer is full.
  const { stalls, port } = await watchedServer(t, () => undefined, 504);
  const size = 4 * 1024 * 1024;
  const answer = await upload(port, size, size); // all of it at once: the client never stalls
  assert.deepEqual(stalls, ['zoom']);
  assert.match(answer, /^HTTP\/1\.1 504 /);
});

test('a client that sends, but slower than the minimum rate over a window, is reported slow, once', async (t) => {
  const stalls: UploadStall[] = [];
  const server = await serve((req, res) => {
    req.on('data', () => undefined);
    // 200 ms windows at 1000 B/s: 200 bytes a window; a byte every 40 ms brings 5.
    watchUploadIdle(req, 200, (who) => {
      stalls.push(who);
      res.writeHead(408, { connection: 'close' }).end();
    }, 1000);
  });
  t.after(() => server.close());
  const c = await open(server.port);
  c.sock.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\n');
  const timer = setInterval(() => c.sock.writable && c.sock.write('x'), 40);
  await sleep(800);
  clearInterval(timer);
  c.sock.destroy();
  assert.deepEqual(stalls, ['slow']);
  assert.match(c.got(), /^HTTP\/1\.1 408 /);
});

test('a client that keeps the minimum rate is never reported', async (t) => {
  const stalls: UploadStall[] = [];
  const server = await serve((req) => {
    req.on('data', () => undefined);
    watchUploadIdle(req, 200, (who) => stalls.push(who), 1000);
  });
  t.after(() => server.close());
  const c = await open(server.port);
  c.sock.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 1000000\r\n\r\n');
  const timer = setInterval(() => c.sock.writable && c.sock.write(Buffer.alloc(100)), 40); // 2500 B/s
  await sleep(800);
  clearInterval(timer);
  c.sock.destroy();
  assert.deepEqual(stalls, []);
});
