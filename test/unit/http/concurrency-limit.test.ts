import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ProxyError } from '../../../src/errors.js';
import { createConcurrencyLimit } from '../../../src/http/concurrency-limit.js';

type Fake = { req: IncomingMessage & EventEmitter; res: ServerResponse & EventEmitter; socket: EventEmitter & { destroyed: boolean } };

/** Only 'close' events are used: a request is counted until its response or its connection closes. */
const exchange = (): Fake => {
  const socket = Object.assign(new EventEmitter(), { destroyed: false });
  const req = Object.assign(new EventEmitter(), { socket }) as unknown as IncomingMessage & EventEmitter;
  const res = Object.assign(new EventEmitter(), { writableFinished: false }) as unknown as ServerResponse & EventEmitter;
  return { req, res, socket };
};

test('each key may have `max` under way; one more is 429 too_many_requests with Retry-After and the sentence given', () => {
  const limit = createConcurrencyLimit(2, 'Too many for passthrough.maxConcurrentPerClient.', 3);
  const a1 = exchange();
  const a2 = exchange();
  limit.enter('a', a1.req, a1.res);
  limit.enter('a', a2.req, a2.res);
  const b = exchange();
  limit.enter('b', b.req, b.res); // another key is not held back
  const a3 = exchange();
  assert.throws(
    () => limit.enter('a', a3.req, a3.res),
    (err: unknown) =>
      err instanceof ProxyError && err.status === 429 && err.code === 'too_many_requests' && err.headers['retry-after'] === '3' && err.message === 'Too many for passthrough.maxConcurrentPerClient.',
  );
  a1.res.emit('close');
  limit.enter('a', a3.req, a3.res); // a slot freed
  assert.equal(limit.count('a'), 2);
});

test('a request whose body was read is still counted until its answer or its connection closes, and let go once', () => {
  const limit = createConcurrencyLimit(1, 'x', 1);
  const one = exchange();
  limit.enter('k', one.req, one.res);
  one.req.emit('close'); // the body was read: Zoom's answer is still to come
  assert.equal(limit.count('k'), 1);
  one.socket.emit('close');
  one.res.emit('close');
  one.res.emit('close');
  assert.equal(limit.count('k'), 0);
  const two = exchange();
  limit.enter('k', two.req, two.res);
  assert.equal(limit.count('k'), 1, 'the first one did not free the second one\'s slot');
});

// Found in review: a pipelined request still waiting for its turn gets no 'close' on its response
// when the connection dies: counted on the response alone, its slot was never given back.
test('pipelined requests whose connection dies before their turn give their slots back', async (t) => {
  const limit = createConcurrencyLimit(10, 'x', 1);
  let seen = 0;
  const server = createServer((req, res) => {
    seen++;
    limit.enter('k', req, res); // and never answered
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('GET /a HTTP/1.1\r\nhost: x\r\n\r\nGET /b HTTP/1.1\r\nhost: x\r\n\r\nGET /c HTTP/1.1\r\nhost: x\r\n\r\n');
  for (let i = 0; i < 100 && seen < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(limit.count('k'), 3);
  socket.destroy();
  for (let i = 0; i < 100 && limit.count('k') > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(limit.count('k'), 0);
});
