import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { CANARY, startStack } from '../helpers/start-stack.js';

/**
 * Regression: a pipelined request has no `res.socket` until the answers before it are sent. Taking
 * that for a client that went away left it unanswered and the connection stalled. Three requests
 * written at once on one connection (two `/v2` calls, then one with a wrong key) get three answers,
 * in order; a pipelined start link too.
 */
test('requests pipelined on one connection are all answered, in order', async (t) => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  t.after(() => stack.close());
  const user = stack.sim.addUser({ email: 'pipelined@example.com' });
  const { hostname, port } = new URL(stack.url);
  const get = (path: string, key: string): string => `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${key}\r\n\r\n`;
  const statuses = await new Promise<number[]>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const seen = (): number[] => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(seen());
    }, 5_000);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (seen().length === 4) {
        clearTimeout(timer);
        socket.destroy();
        resolve(seen());
      }
    });
    socket.write(
      get(`/v2/users/${user.id}`, CANARY.clientKey) +
        get(`/v2/users/${user.id}`, CANARY.clientKey) +
        get(`/v2/users/${user.id}`, 'not-a-key-of-this-proxy') +
        get('/start/123', 'not-a-key-of-this-proxy'),
    );
  });
  assert.deepEqual(statuses, [200, 200, 401, 401]);
});
